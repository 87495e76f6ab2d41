import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";

/** Optimistic concurrency: expectedRevision other than the stored revision fails with STALE. */
export function staleGroup({ repo }: SuiteContext): void {
  describe("expectedRevision", () => {
    const key = sessionKey("s1");

    it("appends when expectedRevision equals the stored revision", async () => {
      const created = await repo().createSession(key);
      const event = await repo().appendEvent(key, textEvent(1), {
        expectedRevision: created.revision,
      });
      expect(event.seq).toBe(1);
      const events = await repo().appendEvents(key, [textEvent(2), textEvent(3)], {
        expectedRevision: 2,
      });
      expect(events.map((e) => e.seq)).toEqual([2, 3]);
      await repo().updateState(key, { a: 1 }, { expectedRevision: 4 });
      expect((await repo().getSession(key))?.revision).toBe(5);
    });

    for (const wrong of [0, 1, 3, 99]) {
      it(`throws STALE for expectedRevision ${wrong} when the revision is 2, writing nothing`, async () => {
        await repo().createSession(key);
        await repo().appendEvent(key, textEvent(1));
        const before = await repo().readSnapshot(key);
        const error = await expectError(
          repo().appendEvent(key, textEvent(2), { expectedRevision: wrong }),
          "STALE",
        );
        expect(error.message.toLowerCase()).toContain("reload");
        await expectError(
          repo().appendEvents(key, [textEvent(2), textEvent(3)], { expectedRevision: wrong }),
          "STALE",
        );
        await expectError(repo().updateState(key, { a: 1 }, { expectedRevision: wrong }), "STALE");
        expect(await repo().readSnapshot(key)).toEqual(before);
      });
    }

    it("counts expiry as a write", async () => {
      await repo().createSession(key);
      await repo().expireSession(key);
      const read = await repo().getSession(key, { includeExpired: true });
      expect(read?.revision).toBe(2);
    });

    it("lets exactly one of two writers holding the same revision win", async () => {
      const created = await repo().createSession(key);
      const results = await Promise.allSettled([
        repo().appendEvent(key, textEvent(1), { expectedRevision: created.revision }),
        repo().appendEvent(key, textEvent(2), { expectedRevision: created.revision }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason.code).toBe("STALE");
      expect((await repo().getSession(key))?.lastSeq).toBe(1);
    });
  });
}
