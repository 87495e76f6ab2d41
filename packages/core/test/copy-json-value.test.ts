import type { JsonValue } from "@sessionkit/core";
import {
  assertJsonValue,
  copyJsonValue,
  defaultLimits,
  prepareEvent,
  toStoredEvent,
} from "@sessionkit/core/adapter-kit";
import { describe, expect, it } from "vitest";

const ctx = { adapter: "test", operation: "op", subject: "s" };

/** Every object and array reachable from `value`. */
function objectsOf(value: unknown, into: Set<object> = new Set()): Set<object> {
  if (value !== null && typeof value === "object") {
    into.add(value);
    for (const member of Object.values(value)) objectsOf(member, into);
  }
  return into;
}

/** Own keys in order, recursively: what `toEqual` does not compare. */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== "object") return Object.is(value, -0) ? "-0" : value;
  if (Array.isArray(value)) return value.map(shape);
  return Object.entries(value).map(([k, v]) => [k, shape(v)]);
}

function pseudoRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** A random JSON value mixing the cases a copy could get wrong. */
function randomJson(next: () => number, depth: number): unknown {
  const r = next();
  if (depth <= 0 || r < 0.35) {
    const leaves = [0, -0, 1.5, -2e-7, 1e21, "", "é😀", "__proto__", true, false, null];
    return leaves[Math.floor(next() * leaves.length)];
  }
  if (r < 0.6)
    return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, depth - 1));
  const keys = ["a", "10", "2", "__proto__", "constructor", "toJSON", "z z", "😀"];
  const object: Record<string, unknown> = next() < 0.2 ? Object.create(null) : {};
  for (let i = Math.floor(next() * 5); i > 0; i--) {
    const key = keys[Math.floor(next() * keys.length)] as string;
    Object.defineProperty(object, key, {
      value: randomJson(next, depth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

describe("copyJsonValue", () => {
  it("gives what a JSON round trip gives: keys, order, -0 as 0, own __proto__ members", () => {
    const next = pseudoRandom(7);
    for (let i = 0; i < 3000; i++) {
      const value = randomJson(next, 4);
      const copy = copyJsonValue(value, "content", ctx);
      const roundTrip = JSON.parse(JSON.stringify(value)) as JsonValue;
      expect(shape(copy)).toEqual(shape(roundTrip));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses what assertJsonValue refuses, naming the same path", () => {
    const bad = { parts: [{ text: "ok" }, { at: new Date() }] };
    for (const check of [copyJsonValue, assertJsonValue]) {
      try {
        check(bad, "content", ctx);
        throw new Error("expected INVALID_ARGUMENT");
      } catch (error) {
        expect(error).toMatchObject({ code: "INVALID_ARGUMENT", path: "content.parts[1].at" });
      }
    }
  });

  it("shares no object with the value", () => {
    const value = { a: [{ b: [1, { c: "x" }] }], d: { e: null } };
    const copy = copyJsonValue(value, "content", ctx);
    const mine = objectsOf(value);
    for (const object of objectsOf(copy)) expect(mine.has(object)).toBe(false);
  });

  it("keeps a __proto__ member as data, not as the prototype", () => {
    const value = JSON.parse('{"__proto__":{"polluted":true}}') as object;
    const copy = copyJsonValue(value, "content", ctx) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    expect(copy.polluted).toBeUndefined();
  });

  it("reads each member once (a getter's value is what is stored)", () => {
    let reads = 0;
    const value = {
      get n() {
        reads += 1;
        return reads;
      },
    };
    expect(copyJsonValue(value, "content", ctx)).toEqual({ n: 1 });
    expect(reads).toBe(1);
  });
});

describe("prepared content and the stored events built from it", () => {
  it("the first stored event takes the validated copy, later ones get their own", () => {
    const content = { text: "hi", parts: [{ n: 1 }] };
    const prepared = prepareEvent({ author: "user", content }, "event", defaultLimits, ctx);
    expect(prepared.content).toEqual(content);
    expect(prepared.content).not.toBe(content);
    expect(prepared.contentJson).toBe(JSON.stringify(content));
    const first = toStoredEvent(prepared, "e1", 1, 5);
    const second = toStoredEvent(prepared, "e1", 1, 5);
    expect(first.content).toBe(prepared.content);
    expect(second).toEqual(first);
    expect(second.content).not.toBe(first.content);
    // The caller changing its input or a returned event changes no other copy.
    content.parts[0] = { n: 2 };
    (first.content as { text: string }).text = "changed";
    expect(second.content).toEqual({ text: "hi", parts: [{ n: 1 }] });
    expect(toStoredEvent(prepared, "e1", 1, 5).content).toEqual({ text: "hi", parts: [{ n: 1 }] });
  });
});
