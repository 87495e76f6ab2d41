import { isSessionKitError, SessionKitError } from "@sessionkit/core";
import {
  assertId,
  assertJsonValue,
  defaultLimits,
  prepareEvent,
} from "@sessionkit/core/adapter-kit";
import { describe, expect, it } from "vitest";

const ctx = { adapter: "test", operation: "op", subject: "s" };

function codeAndPath(fn: () => void): [string, string | undefined] {
  try {
    fn();
  } catch (error) {
    if (!isSessionKitError(error)) throw error;
    return [error.code, error.path];
  }
  throw new Error("expected a SessionKitError");
}

describe("assertJsonValue", () => {
  class Point {
    x = 1;
  }
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const cases: Array<[string, unknown, string]> = [
    ["undefined", { a: undefined }, "content.a"],
    ["function", { a: () => 1 }, "content.a"],
    ["symbol", { a: Symbol("x") }, "content.a"],
    ["BigInt", { a: 1n }, "content.a"],
    ["Date", { parts: [1, 2, { at: new Date() }] }, "content.parts[2].at"],
    ["Map", { a: new Map() }, "content.a"],
    ["class instance", { a: new Point() }, "content.a"],
    ["NaN", [Number.NaN], "content[0]"],
    ["Infinity", { "odd key": Number.POSITIVE_INFINITY }, 'content["odd key"]'],
    ["cycle", cycle, "content.self"],
    ["lone surrogate", { a: "x\ud800" }, "content.a"],
    ["lone surrogate key", { "\udc00": 1 }, 'content["\\udc00"]'],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ["hole", [1, , 3], "content[1]"],
  ];
  for (const [name, value, path] of cases) {
    it(`rejects ${name} naming ${path}`, () => {
      expect(codeAndPath(() => assertJsonValue(value, "content", ctx))).toEqual([
        "INVALID_ARGUMENT",
        path,
      ]);
    });
  }
  it("accepts plain JSON, null-prototype objects and __proto__ as a key", () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"a":[1,"é😀",null,true,{"b":-0.5}]}');
    expect(() => assertJsonValue(value, "content", ctx)).not.toThrow();
    expect(() => assertJsonValue(Object.create(null), "content", ctx)).not.toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("names the adapter, operation and subject and gives a remedy", () => {
    try {
      assertJsonValue({ a: new Date() }, "content", ctx);
    } catch (error) {
      expect(error).toBeInstanceOf(SessionKitError);
      expect((error as Error).message).toMatch(
        /^\[test\] op s: content\.a is a Date \(INVALID_ARGUMENT\); /,
      );
    }
  });
});

describe("assertId", () => {
  it.each([
    ["", "must not be empty"],
    ["a".repeat(257), "maximum is 256"],
    ["a\u0000b", "control character"],
    ["a\u007fb", "control character"],
    ["a\u0085b", "control character"],
    ["a\ud800", "lone"],
    [42, "must be a string"],
  ])("rejects %j", (value, message) => {
    expect(() => assertId(value, "key.sessionId", ctx)).toThrow(message);
  });
  it("takes hostile but legal ids verbatim", () => {
    for (const id of [
      "../../etc/passwd",
      "CON",
      "a/b",
      "%2e%2e",
      " x ",
      "Abc",
      "e\u0301",
      "😀",
      "a".repeat(256),
    ]) {
      expect(() => assertId(id, "id", ctx)).not.toThrow();
    }
  });
});

describe("prepareEvent", () => {
  it("splits the delta by scope, drops temp: keys and serializes once", () => {
    const p = prepareEvent(
      {
        author: "user",
        content: { t: "hi" },
        stateDelta: { a: 1, "app:b": 2, "user:c": null, "temp:d": 4 },
      },
      "event",
      defaultLimits,
      ctx,
    );
    expect(p.stateDelta).toEqual({ a: 1, "app:b": 2, "user:c": null });
    expect(p.scoped).toEqual({ session: [["a", 1]], app: [["b", 2]], user: [["c", null]] });
    expect(p.contentJson).toBe('{"t":"hi"}');
    expect(p.timestamp).toBeUndefined();
  });
  it("enforces the event size limit with LIMIT", () => {
    const big = "x".repeat(2000);
    expect(
      codeAndPath(() =>
        prepareEvent(
          { author: "u", content: big },
          "events[3]",
          { ...defaultLimits, maxEventBytes: 1000 },
          ctx,
        ),
      ),
    ).toEqual(["LIMIT", "events[3]"]);
  });
  it("enforces the state value limit naming the key", () => {
    expect(
      codeAndPath(() =>
        prepareEvent(
          { author: "u", content: null, stateDelta: { big: "é".repeat(600) } },
          "event",
          { ...defaultLimits, maxStateValueBytes: 1000 },
          ctx,
        ),
      ),
    ).toEqual(["LIMIT", "event.stateDelta.big"]);
  });
  it("rejects unknown fields, a caller seq and bad timestamps", () => {
    expect(
      codeAndPath(() =>
        prepareEvent({ author: "u", content: 1, colour: 1 }, "event", defaultLimits, ctx),
      )[1],
    ).toBe("event.colour");
    expect(
      codeAndPath(() =>
        prepareEvent({ author: "u", content: 1, seq: 3 }, "event", defaultLimits, ctx),
      )[1],
    ).toBe("event.seq");
    expect(
      codeAndPath(() =>
        prepareEvent({ author: "u", content: 1, timestamp: -1 }, "event", defaultLimits, ctx),
      )[1],
    ).toBe("event.timestamp");
    expect(codeAndPath(() => prepareEvent({ author: "u" }, "event", defaultLimits, ctx))[1]).toBe(
      "event.content",
    );
  });
});
