import type { NewEvent } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { BASE_TIME, sessionKey, textEvent } from "../support/keys.js";

/** Re-appending an event id: same content is a no-op returning the stored event, else CONFLICT. */
export function idempotencyGroup({ repo }: SuiteContext): void {
  describe("idempotency by event id", () => {
    const key = sessionKey("s1");
    const original: NewEvent = {
      id: "ev",
      invocationId: "inv",
      author: "assistant",
      content: { text: "hi", n: [1, 2] },
      stateDelta: { count: 1 },
      metadata: { m: 1 },
      timestamp: BASE_TIME,
    };

    it("returns the stored event for the same id and content, changing nothing", async () => {
      await repo().createSession(key);
      const first = await repo().appendEvent(key, original);
      const before = await repo().readSnapshot(key);
      const again = await repo().appendEvent(key, { ...original });
      expect(again).toEqual(first);
      expect(await repo().readSnapshot(key)).toEqual(before);
      expect(before?.revision).toBe(2);
    });

    it("compares content by value, not by key order", async () => {
      await repo().createSession(key);
      const first = await repo().appendEvent(key, original);
      const reordered = await repo().appendEvent(key, {
        timestamp: BASE_TIME,
        metadata: { m: 1 },
        stateDelta: { count: 1 },
        content: { n: [1, 2], text: "hi" },
        author: "assistant",
        invocationId: "inv",
        id: "ev",
      });
      expect(reordered).toEqual(first);
      expect((await repo().getSession(key))?.revision).toBe(2);
    });

    it("does not re-apply the state delta of a retried event", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, original);
      await repo().appendEvent(key, textEvent(2, { stateDelta: { count: 2 } }));
      await repo().appendEvent(key, original);
      const read = await repo().getSession(key);
      expect(read?.state).toEqual({ count: 2 });
      expect(read?.lastSeq).toBe(2);
      expect(read?.revision).toBe(3);
    });

    it("returns the stored event for a retry carrying a now-stale expectedRevision", async () => {
      const created = await repo().createSession(key);
      const first = await repo().appendEvent(key, original, { expectedRevision: created.revision });
      const retry = await repo().appendEvent(key, original, { expectedRevision: created.revision });
      expect(retry).toEqual(first);
      expect((await repo().getSession(key))?.revision).toBe(2);
    });

    it("treats a retry without a timestamp as the same event", async () => {
      await repo().createSession(key);
      const first = await repo().appendEvent(key, original);
      const { timestamp: _omitted, ...withoutTimestamp } = original;
      const retry = await repo().appendEvent(key, withoutTimestamp);
      expect(retry).toEqual(first);
      expect(retry.timestamp).toBe(BASE_TIME);
      expect((await repo().getSession(key))?.revision).toBe(2);
    });

    it("treats a retry of a store-stamped event without a timestamp as the same event", async () => {
      await repo().createSession(key);
      const { timestamp: _omitted, ...withoutTimestamp } = original;
      const first = await repo().appendEvent(key, withoutTimestamp);
      const retry = await repo().appendEvent(key, withoutTimestamp);
      expect(retry).toEqual(first);
      expect((await repo().getSession(key))?.lastSeq).toBe(1);
    });

    const conflicting: Array<[string, Partial<NewEvent>]> = [
      ["content", { content: { text: "other" } }],
      ["author", { author: "user" }],
      ["stateDelta", { stateDelta: { count: 2 } }],
      ["missing stateDelta", { stateDelta: undefined }],
      ["metadata", { metadata: { m: 2 } }],
      ["invocationId", { invocationId: "other" }],
      ["timestamp", { timestamp: BASE_TIME + 1 }],
    ];
    for (const [what, change] of conflicting) {
      it(`throws CONFLICT for the same id with a different ${what}, changing nothing`, async () => {
        await repo().createSession(key);
        await repo().appendEvent(key, original);
        const before = await repo().readSnapshot(key);
        await expectError(repo().appendEvent(key, { ...original, ...change }), "CONFLICT");
        await expectError(repo().appendEvents(key, [{ ...original, ...change }]), "CONFLICT");
        expect(await repo().readSnapshot(key)).toEqual(before);
      });
    }

    it("returns the stored event for a retried batch and stores only the new events", async () => {
      await repo().createSession(key);
      const [first] = await repo().appendEvents(key, [textEvent(1)]);
      const stored = await repo().appendEvents(key, [textEvent(1), textEvent(2)]);
      expect(stored).toEqual([first, expect.objectContaining({ id: "e2", seq: 2 })]);
      const read = await repo().getSession(key);
      expect(read?.events?.map((e) => e.id)).toEqual(["e1", "e2"]);
      expect(read?.revision).toBe(3);
    });

    it("scopes event ids to their session", async () => {
      await repo().createSession(key);
      await repo().createSession(sessionKey("s2"));
      await repo().appendEvent(key, original);
      const other = await repo().appendEvent(sessionKey("s2"), { ...original, content: "other" });
      expect(other.seq).toBe(1);
      expect((await repo().getSession(key))?.events?.[0]?.content).toEqual(original.content);
    });
  });
}
