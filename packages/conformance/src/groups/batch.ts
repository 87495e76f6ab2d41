import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent, textEvents } from "../support/keys.js";

/** appendEvents: all or nothing, in order, one revision per stored event. */
export function batchGroup({ repo, options }: SuiteContext): void {
  describe("batch atomicity", () => {
    const key = sessionKey("s1");

    it("stores a batch in order with consecutive seqs and one revision per event", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1));
      const stored = await repo().appendEvents(key, textEvents(3, 2));
      expect(stored.map((e) => [e.seq, e.id])).toEqual([
        [2, "e2"],
        [3, "e3"],
        [4, "e4"],
      ]);
      const read = await repo().getSession(key);
      expect(read?.revision).toBe(5);
      expect(read?.lastSeq).toBe(4);
      expect(read?.events).toEqual([expect.objectContaining({ id: "e1", seq: 1 }), ...stored]);
    });

    it("stores a batch of 1,000 events gaplessly", async () => {
      await repo().createSession(key);
      const stored = await repo().appendEvents(key, textEvents(1000));
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      const page = await repo().listEvents(key, { limit: 1000 });
      expect(page.events.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    });

    it("applies every state delta of a batch in order", async () => {
      await repo().createSession(key);
      await repo().appendEvents(key, [
        textEvent(1, { stateDelta: { a: 1, b: 1 } }),
        textEvent(2, { stateDelta: { a: 2, "user:u": 1 } }),
        textEvent(3, { stateDelta: { b: null, "app:x": "y" } }),
      ]);
      expect((await repo().getSession(key, { recentEvents: 0 }))?.state).toEqual({
        a: 2,
        "app:x": "y",
        "user:u": 1,
      });
    });

    it("applies app: and user: keys written many times in one batch: the last write wins", async () => {
      await repo().createSession(key, { state: { "user:gone": 1, "app:kept": 0 } });
      const other = sessionKey("s2");
      await repo().createSession(other);
      await repo().appendEvents(key, [
        textEvent(1, { stateDelta: { "user:n": 1, "app:a": "x", "user:gone": 2 } }),
        textEvent(2, { stateDelta: { "user:n": 2, "app:a": null } }),
        textEvent(3, { stateDelta: { "user:gone": null, "app:kept": 1 } }),
        textEvent(4, { stateDelta: { "user:n": 3, "app:a": "z", "app:kept": null } }),
        textEvent(5, { stateDelta: { "app:kept": 2 } }),
      ]);
      const expected = { "app:a": "z", "app:kept": 2, "user:n": 3 };
      expect((await repo().getSession(key, { recentEvents: 0 }))?.state).toEqual(expected);
      // The same rows seen from another session of the user (shared scopes, not a cache).
      expect((await repo().getSession(other, { recentEvents: 0 }))?.state).toEqual(expected);
      const events = (await repo().getSession(key))?.events ?? [];
      expect(events.map((e) => e.stateDelta)).toEqual([
        { "user:n": 1, "app:a": "x", "user:gone": 2 },
        { "user:n": 2, "app:a": null },
        { "user:gone": null, "app:kept": 1 },
        { "user:n": 3, "app:a": "z", "app:kept": null },
        { "app:kept": 2 },
      ]);
    });

    it("writes nothing when one event of the batch is invalid (INVALID_ARGUMENT names it)", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1));
      const before = await repo().readSnapshot(key);
      const bad = textEvent(3, { content: { parts: [1, 2, { at: new Date(0) }] } as never });
      const error = await expectError(
        repo().appendEvents(key, [textEvent(2, { stateDelta: { a: 1 } }), bad, textEvent(4)]),
        "INVALID_ARGUMENT",
        "[1].content.parts[2].at",
      );
      expect(error.message).toContain("Date");
      expect(await repo().readSnapshot(key)).toEqual(before);
      expect((await repo().getSession(key))?.revision).toBe(2);
    });

    it("writes nothing when one event of the batch is over the size limit (LIMIT)", async () => {
      await repo().createSession(key);
      const before = await repo().readSnapshot(key);
      const big = textEvent(2, { content: "x".repeat(options.maxEventBytes + 1) });
      await expectError(repo().appendEvents(key, [textEvent(1), big]), "LIMIT");
      expect(await repo().readSnapshot(key)).toEqual(before);
    });

    for (const [what, repeat] of [
      ["identical", textEvent(1)],
      ["different", textEvent(1, { content: "different" })],
    ] as const) {
      it(`rejects a batch repeating an event id (${what} content) with INVALID_ARGUMENT, writing nothing`, async () => {
        await repo().createSession(key);
        const before = await repo().readSnapshot(key);
        await expectError(
          repo().appendEvents(key, [textEvent(1), textEvent(2), repeat]),
          "INVALID_ARGUMENT",
          "events[2].id",
        );
        expect(await repo().readSnapshot(key)).toEqual(before);
      });
    }

    it("writes nothing when a batch conflicts with an event already stored", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1));
      const before = await repo().readSnapshot(key);
      await expectError(
        repo().appendEvents(key, [textEvent(2), textEvent(1, { author: "someone-else" })]),
        "CONFLICT",
      );
      expect(await repo().readSnapshot(key)).toEqual(before);
    });

    it("returns an empty array for an empty batch and changes nothing", async () => {
      await repo().createSession(key);
      const before = await repo().readSnapshot(key);
      expect(await repo().appendEvents(key, [])).toEqual([]);
      expect(await repo().readSnapshot(key)).toEqual(before);
    });
  });
}
