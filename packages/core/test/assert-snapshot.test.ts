import { isSessionKitError, type SessionSnapshot } from "@sessionkit/core";
import { assertJsonValue, assertSnapshot } from "@sessionkit/core/adapter-kit";
import { describe, expect, it } from "vitest";

const ctx = { adapter: "test", operation: "writeSnapshot" };

function snapshot(events: Array<Record<string, unknown>>): SessionSnapshot {
  return {
    appName: "app",
    userId: "u",
    id: "s",
    status: "active",
    metadata: {},
    state: {},
    createdAt: 1,
    updatedAt: 2,
    expiredAt: null,
    revision: 1,
    lastSeq: events.length,
    events: events.map((e, i) => ({
      id: `e${i + 1}`,
      seq: i + 1,
      author: "user",
      content: { text: "hi" },
      timestamp: 3,
      ...e,
    })),
  } as unknown as SessionSnapshot;
}

function problemAt(s: unknown): { path: string | undefined; message: string } {
  try {
    assertSnapshot(s, ctx);
  } catch (error) {
    if (!isSessionKitError(error, "INVALID_ARGUMENT")) throw error;
    return { path: error.path, message: error.message };
  }
  throw new Error("expected INVALID_ARGUMENT");
}

describe("assertSnapshot names the event and field at fault", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["an id that is not a string", { id: 7 }, "snapshot.events[1].id", /must be a string/],
    ["an empty author", { author: "" }, "snapshot.events[1].author", /must not be empty/],
    [
      "an invocation id with a control character",
      { invocationId: "a\u0007b" },
      "snapshot.events[1].invocationId",
      /control character/,
    ],
    ["a seq out of order", { seq: 5 }, "snapshot.events[1].seq", /must be 2/],
    ["undefined content", { content: undefined }, "snapshot.events[1].content", /undefined/],
    [
      "content that is not JSON",
      { content: { at: new Date(0) } },
      "snapshot.events[1].content.at",
      /Date/,
    ],
    ["a state delta array", { stateDelta: [] }, "snapshot.events[1].stateDelta", /JSON object/],
    ["metadata null", { metadata: null }, "snapshot.events[1].metadata", /JSON object/],
    ["a negative timestamp", { timestamp: -1 }, "snapshot.events[1].timestamp", /integer/],
    ["a fractional timestamp", { timestamp: 1.5 }, "snapshot.events[1].timestamp", /integer/],
    ["a missing timestamp", { timestamp: undefined }, "snapshot.events[1].timestamp", /required/],
    ["a repeated event id", { id: "e1" }, "snapshot.events[1].id", /repeats an earlier/],
  ];
  for (const [name, bad, path, message] of cases) {
    it(name, () => {
      const found = problemAt(snapshot([{}, bad, {}]));
      expect(found.path).toBe(path);
      expect(found.message).toMatch(message);
    });
  }

  it("an event that is not an object", () => {
    const s = snapshot([{}, {}]);
    (s.events as unknown[])[1] = "event";
    expect(problemAt(s).path).toBe("snapshot.events[1]");
  });

  it("accepts a valid snapshot and leaves it untouched (validation copies nothing)", () => {
    const s = snapshot([{}, { stateDelta: { a: 1 }, metadata: { m: [1, { x: null }] } }]);
    const before = JSON.stringify(s);
    expect(() => assertSnapshot(s, ctx)).not.toThrow();
    expect(JSON.stringify(s)).toBe(before);
    const content = { nested: { list: [1, "two", { three: true }] } };
    expect(assertJsonValue(content, "content", ctx)).toBeUndefined();
  });
});
