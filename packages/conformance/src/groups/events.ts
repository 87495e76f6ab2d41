import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { BASE_TIME, sessionKey, textEvent } from "../support/keys.js";

/** appendEvent: seq assignment, ordering, bookkeeping, returned shape, NOT_FOUND. */
export function eventsGroup({ repo }: SuiteContext): void {
  describe("event append", () => {
    const key = sessionKey("s1");

    it("assigns seq 1, 2, 3 without gaps and keeps lastSeq in step", async () => {
      await repo().createSession(key);
      const seqs: number[] = [];
      for (let n = 1; n <= 3; n++) seqs.push((await repo().appendEvent(key, textEvent(n))).seq);
      expect(seqs).toEqual([1, 2, 3]);
      const read = await repo().getSession(key);
      expect(read?.lastSeq).toBe(3);
      expect(read?.events?.map((e) => [e.seq, e.id])).toEqual([
        [1, "e1"],
        [2, "e2"],
        [3, "e3"],
      ]);
    });

    it("orders events with equal timestamps by append order (seq), never by time or id", async () => {
      await repo().createSession(key);
      const ids = ["z", "a", "m", "b", "y"];
      for (const id of ids) {
        await repo().appendEvent(key, { id, author: "user", content: id, timestamp: BASE_TIME });
      }
      await repo().appendEvent(key, { id: "early", author: "user", content: 0, timestamp: 5 });
      const read = await repo().getSession(key);
      expect(read?.events?.map((e) => e.id)).toEqual([...ids, "early"]);
      expect(read?.events?.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      const page = await repo().listEvents(key);
      expect(page.events.map((e) => e.id)).toEqual([...ids, "early"]);
    });

    it("bumps revision by one and never moves updatedAt backwards", async () => {
      const created = await repo().createSession(key);
      let previous = created;
      for (let n = 1; n <= 3; n++) {
        await repo().appendEvent(key, textEvent(n));
        const read = await repo().getSession(key, { recentEvents: 0 });
        expect(read?.revision).toBe(previous.revision + 1);
        expect(read?.lastSeq).toBe(n);
        expect(read?.updatedAt).toBeGreaterThanOrEqual(previous.updatedAt);
        expect(read?.createdAt).toBe(created.createdAt);
        previous = read ?? previous;
      }
    });

    it("returns the stored event with every field the caller gave", async () => {
      await repo().createSession(key);
      const returned = await repo().appendEvent(key, {
        id: "ev-1",
        invocationId: "inv-1",
        author: "assistant",
        content: { parts: [{ text: "hello" }, { call: { name: "f", args: { x: [1, 2] } } }] },
        stateDelta: { step: 1 },
        metadata: { model: "m", tokens: 12 },
        timestamp: BASE_TIME,
      });
      expect(returned).toEqual({
        id: "ev-1",
        seq: 1,
        invocationId: "inv-1",
        author: "assistant",
        content: { parts: [{ text: "hello" }, { call: { name: "f", args: { x: [1, 2] } } }] },
        stateDelta: { step: 1 },
        metadata: { model: "m", tokens: 12 },
        timestamp: BASE_TIME,
      });
      expect("partial" in returned && returned.partial !== undefined).toBe(false);
      const read = await repo().getSession(key);
      expect(read?.events).toEqual([returned]);
    });

    it("omits optional fields the caller did not give", async () => {
      await repo().createSession(key);
      const returned = await repo().appendEvent(key, { author: "user", content: null });
      expect(returned.invocationId).toBeUndefined();
      expect(returned.stateDelta).toBeUndefined();
      expect(returned.metadata).toBeUndefined();
      expect(returned.content).toBeNull();
      const read = await repo().getSession(key);
      expect(read?.events).toEqual([returned]);
    });

    it("keeps a caller-supplied timestamp and stamps the current time otherwise", async () => {
      await repo().createSession(key);
      const kept = await repo().appendEvent(key, textEvent(1, { timestamp: 1234 }));
      expect(kept.timestamp).toBe(1234);
      const before = Date.now();
      const stamped = await repo().appendEvent(key, { id: "now", author: "user", content: "x" });
      const after = Date.now();
      expect(stamped.timestamp).toBeGreaterThanOrEqual(before);
      expect(stamped.timestamp).toBeLessThanOrEqual(after);
      const read = await repo().getSession(key);
      expect(read?.events?.map((e) => e.timestamp)).toEqual([1234, stamped.timestamp]);
    });

    it("generates unique event ids when none are given", async () => {
      await repo().createSession(key);
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const event = await repo().appendEvent(key, { author: "user", content: i });
        expect(typeof event.id).toBe("string");
        expect(event.id.length).toBeGreaterThan(0);
        ids.add(event.id);
      }
      expect(ids.size).toBe(20);
    });

    it("keeps seq gapless under concurrent appends from one process", async () => {
      await repo().createSession(key);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => repo().appendEvent(key, textEvent(i + 1))),
      );
      expect(results.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      const read = await repo().getSession(key);
      expect(read?.lastSeq).toBe(30);
      expect(read?.revision).toBe(31);
      expect(read?.events?.map((e) => e.seq)).toEqual(results.map((_, i) => i + 1));
    });

    it("throws NOT_FOUND when the session is missing", async () => {
      await expectError(repo().appendEvent(sessionKey("missing"), textEvent(1)), "NOT_FOUND");
      await expectError(repo().appendEvents(sessionKey("missing"), [textEvent(1)]), "NOT_FOUND");
      await expectError(repo().updateState(sessionKey("missing"), { a: 1 }), "NOT_FOUND");
      expect(await repo().getSession(sessionKey("missing"))).toBeNull();
    });

    it("throws NOT_FOUND when the session is expired, writing nothing", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1));
      await repo().expireSession(key);
      const before = await repo().readSnapshot(key);
      await expectError(repo().appendEvent(key, textEvent(2)), "NOT_FOUND");
      await expectError(repo().appendEvents(key, [textEvent(3)]), "NOT_FOUND");
      await expectError(repo().updateState(key, { a: 1 }), "NOT_FOUND");
      expect(await repo().readSnapshot(key)).toEqual(before);
    });
  });
}
