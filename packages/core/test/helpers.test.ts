import {
  applyEntries,
  canonicalJson,
  compareStrings,
  decodeSessionCursor,
  encodeSessionCursor,
  mergeScopedInto,
  mergeState,
  ScopedKeyWrites,
  scanSnippet,
  scopedEntries,
  searchTokens,
  splitStateDelta,
} from "@sessionkit/core/adapter-kit";
import { describe, expect, it } from "vitest";

const ctx = { adapter: "test", operation: "op" };

describe("state helpers", () => {
  it("null deletes, values replace without deep merge", () => {
    expect(
      applyEntries({ a: { x: 1, y: 2 }, b: 1 }, [
        ["a", { x: 3 }],
        ["b", null],
      ]),
    ).toEqual({ a: { x: 3 } });
  });
  it("treats __proto__ as an ordinary key", () => {
    const next = applyEntries({}, [["__proto__", { polluted: true }]]);
    expect(Object.keys(next)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("merges session, then app:, then user: keys", () => {
    expect(Object.keys(mergeState({ s: 1 }, { a: 2 }, { u: 3 }))).toEqual(["s", "app:a", "user:u"]);
  });
  it("merges in place exactly as mergeState: keys, values, order, __proto__ and old prefixed keys", () => {
    const stored = '{"b":1,"__proto__":{"x":1},"7":2,"app:a":"old","z":[1]}';
    const app = JSON.parse('{"a":{"deep":true},"__proto__":3}');
    const user = { u: null, "2": "two" };
    const fresh = mergeState(JSON.parse(stored), app, user);
    const inPlace = mergeScopedInto(JSON.parse(stored), scopedEntries(app, user));
    expect(Object.entries(inPlace)).toEqual(Object.entries(fresh));
    expect(Object.getPrototypeOf(inPlace)).toBe(Object.prototype);
    expect(Object.hasOwn(inPlace, "__proto__")).toBe(true);
    expect(inPlace["app:a"]).toEqual({ deep: true });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it("splits a delta by prefix and drops temp:", () => {
    expect(splitStateDelta({ "temp:x": 1, "app:": 2, "user:u": 3, plain: 4 })).toEqual({
      session: [["plain", 4]],
      app: [["", 2]],
      user: [["u", 3]],
    });
  });
});

describe("canonicalJson", () => {
  it("is independent of key order and stable for numbers", () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 1.5e300 })).toBe(
      canonicalJson({ a: 1.5e300, b: [1, { c: 2, d: 1 }] }),
    );
    expect(canonicalJson({ b: 1, a: "é" })).toBe('{"a":"é","b":1}');
  });
});

describe("compareStrings", () => {
  it("matches UTF-8 byte order (SQLite BINARY)", () => {
    const words = ["a", "b", "A", "\uffff", "😀", "\ue000", "ab", "", "é", "\u{10000}"];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...words].sort(compareStrings)).toEqual(byBytes);
  });
});

describe("session cursors", () => {
  it("round-trip and refuse foreign or forged cursors", () => {
    const text = encodeSessionCursor({ query: "q1", value: 5, userId: "u", id: "i" });
    expect(decodeSessionCursor(text, "q1", ctx)).toEqual({
      query: "q1",
      value: 5,
      userId: "u",
      id: "i",
    });
    expect(() => decodeSessionCursor(text, "q2", ctx)).toThrow(/different query/);
    expect(() => decodeSessionCursor("sk1.AAAA", "q1", ctx)).toThrow(/damaged/);
    expect(() => decodeSessionCursor("nope", "q1", ctx)).toThrow(/not a sessionkit cursor/);
  });
});

describe("scan search", () => {
  it("tokenizes search text (case and diacritics folded)", () => {
    expect(searchTokens("Héllo, WORLD 42!")).toEqual(["hello", "world", "42"]);
  });
  it("requires every term and marks matches", () => {
    expect(scanSnippet("The quick brown fox", ["quick", "fox"])).toBe("The [quick] brown [fox]");
    expect(scanSnippet("The quick brown fox", ["quick", "cat"])).toBeNull();
  });
});

describe("ScopedKeyWrites", () => {
  it("keeps the last write of each app and user key (null deletes), in first-write order", () => {
    const writes = new ScopedKeyWrites();
    expect(writes.isEmpty).toBe(true);
    writes.add({
      session: [["s", 1]],
      app: [["a", 1]],
      user: [
        ["u", 1],
        ["v", 1],
      ],
    });
    writes.add({
      session: [],
      app: [
        ["a", null],
        ["b", 2],
      ],
      user: [["u", 3]],
    });
    writes.add({ session: [], app: [], user: [["v", null]] });
    expect(writes.isEmpty).toBe(false);
    expect(writes.toDelta()).toEqual({
      session: [],
      app: [
        ["a", null],
        ["b", 2],
      ],
      user: [
        ["u", 3],
        ["v", null],
      ],
    });
  });
});
