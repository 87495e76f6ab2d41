import type { SessionEvent, SessionKey } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";
import { capabilityGate } from "../support/skip.js";
import { take } from "../support/watch.js";

/**
 * Many async callers appending at once (what a server handling many conversations does): every
 * call is atomic and isolated on its own, whatever the adapter does underneath (SQL adapters
 * coalesce such appends into shared transactions: group commit). One failing call never fails
 * or rolls back the others; seqs stay gapless per session.
 */
/** Up to ~200 operations per test, many on a server: a hang guard, not a speed bound. */
const TIMEOUT_MS = 60_000;

export function concurrentAppendsGroup({ target, repo }: SuiteContext): void {
  const search = capabilityGate(
    target,
    "finds every concurrent append by search, and nothing of a failed one",
    target.capabilities.search !== "none",
    'capabilities.search is "none"',
  );
  describe("concurrent appends", { timeout: TIMEOUT_MS }, () => {
    it("lands 64 concurrent appends to 64 sessions, each with its state delta", async () => {
      const keys = Array.from({ length: 64 }, (_, i) => sessionKey(`c${i}`));
      for (const key of keys) await repo().createSession(key);
      const stored = await Promise.all(
        keys.map((key, i) =>
          repo().appendEvent(key, textEvent(i, { stateDelta: { n: i, "user:last": i } })),
        ),
      );
      expect(stored.map((e) => e.seq)).toEqual(keys.map(() => 1));
      for (const [i, key] of keys.entries()) {
        const session = await repo().getSession(key);
        expect(
          session?.events?.map((e) => e.id),
          key.sessionId,
        ).toEqual([`e${i}`]);
        expect(session?.state.n, key.sessionId).toBe(i);
        expect(session?.revision, key.sessionId).toBe(2);
      }
    });

    it("gives 8 concurrent callers on one session gapless seqs matching what each was told", async () => {
      const key = sessionKey("one");
      await repo().createSession(key);
      const rounds = 5;
      const told: SessionEvent[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, caller) => {
          for (let r = 0; r < rounds; r++) {
            told.push(await repo().appendEvent(key, textEvent(caller * 100 + r)));
          }
        }),
      );
      const session = await repo().getSession(key, { recentEvents: 100 });
      const seqs = session?.events?.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: 8 * rounds }, (_, i) => i + 1));
      const bySeq = new Map(session?.events?.map((e) => [e.seq, e.id]));
      for (const event of told) expect(bySeq.get(event.seq), event.id).toBe(event.id);
      // Each caller's own appends keep its order.
      for (let caller = 0; caller < 8; caller++) {
        const own = (session?.events ?? []).filter(
          (e) => Math.floor(Number(e.id.slice(1)) / 100) === caller,
        );
        expect(own.map((e) => e.id)).toEqual(
          Array.from({ length: rounds }, (_, r) => `e${caller * 100 + r}`),
        );
      }
      expect(session?.revision).toBe(8 * rounds + 1);
    });

    it("fails only the bad calls among concurrent appends, leaving nothing of them", async () => {
      const keys = Array.from({ length: 12 }, (_, i) => sessionKey(`g${i}`));
      for (const key of keys) await repo().createSession(key);
      const conflicted = sessionKey("conflicted");
      await repo().createSession(conflicted);
      await repo().appendEvent(conflicted, textEvent(900));
      const missing = sessionKey("missing");
      const stale = keys[3] as SessionKey;
      const calls: Array<Promise<unknown>> = keys.map((key, i) =>
        key === stale
          ? repo().appendEvent(key, textEvent(i, { stateDelta: { bad: true } }), {
              expectedRevision: 7,
            })
          : repo().appendEvent(key, textEvent(i, { stateDelta: { good: i } })),
      );
      calls.splice(5, 0, repo().appendEvent(missing, textEvent(50)));
      calls.splice(8, 0, repo().appendEvent(conflicted, { ...textEvent(900), author: "other" }));
      const settled = await Promise.allSettled(calls);
      expect(settled.filter((s) => s.status === "rejected")).toHaveLength(3);
      await expectError(Promise.reject((settled[5] as PromiseRejectedResult).reason), "NOT_FOUND");
      await expectError(Promise.reject((settled[8] as PromiseRejectedResult).reason), "CONFLICT");
      const staleIndex = settled.findIndex(
        (s) => s.status === "rejected" && (s.reason as { code?: string }).code === "STALE",
      );
      expect(staleIndex, "the stale append is rejected with STALE").toBeGreaterThanOrEqual(0);
      for (const [i, key] of keys.entries()) {
        const session = await repo().getSession(key);
        if (key === stale) {
          expect(session?.events ?? [], "the stale append left nothing").toEqual([]);
          expect(session?.state).toEqual({});
          expect(session?.revision).toBe(1);
        } else {
          expect(
            session?.events?.map((e) => e.id),
            key.sessionId,
          ).toEqual([`e${i}`]);
          expect(session?.state, key.sessionId).toEqual({ good: i });
        }
      }
      expect(await repo().getSession(missing)).toBeNull();
      const kept = await repo().getSession(conflicted);
      expect(kept?.events?.map((e) => [e.id, e.author])).toEqual([["e900", "user"]]);
    });

    it.skipIf(search.skip)(search.title, async () => {
      const keys = Array.from({ length: 24 }, (_, i) => sessionKey(`f${i}`));
      for (const key of keys) await repo().createSession(key);
      const word = (i: number) => `quokka${String.fromCharCode(97 + (i % 26))}${i}z`;
      const said = (i: number) => ({
        ...textEvent(i),
        content: { text: `we met a ${word(i)} today` },
      });
      const stale = 7;
      const calls = keys.map((key, i) =>
        i === stale
          ? repo().appendEvent(key, said(i), { expectedRevision: 9 })
          : repo().appendEvent(key, said(i)),
      );
      // A retry of one append, in the same burst: one event, found once.
      calls.push(repo().appendEvent(keys[3] as SessionKey, said(3)));
      const settled = await Promise.allSettled(calls);
      expect(settled.filter((s) => s.status === "rejected")).toHaveLength(1);
      for (const [i, key] of keys.entries()) {
        const hits = await repo().searchEvents({ appName: key.appName, query: word(i) });
        expect(
          hits.map((h) => [h.key.sessionId, h.event.id]),
          word(i),
        ).toEqual(i === stale ? [] : [[key.sessionId, `e${i}`]]);
      }
      const all = await repo().searchEvents({ appName: "app", query: "quokka", limit: 100 });
      expect(all, "a prefix-free term: no event matches 'quokka' alone").toEqual([]);
      const met = await repo().searchEvents({ appName: "app", query: "met today", limit: 100 });
      expect(met.map((h) => h.event.id).sort()).toEqual(
        keys.flatMap((_, i) => (i === stale ? [] : [`e${i}`])).sort(),
      );
    });

    it("retries of concurrent appends with the same ids store each event once", async () => {
      const key = sessionKey("retried");
      await repo().createSession(key);
      const events = Array.from({ length: 10 }, (_, i) => textEvent(i));
      const first = await Promise.all(events.map((e) => repo().appendEvent(key, e)));
      const again = await Promise.all(events.map((e) => repo().appendEvent(key, e)));
      expect(again.map((e) => [e.id, e.seq])).toEqual(first.map((e) => [e.id, e.seq]));
      expect((await repo().getSession(key))?.lastSeq).toBe(10);
    });

    it("tells a watcher about every concurrent append, in seq order", async () => {
      const key = sessionKey("watched");
      await repo().createSession(key);
      const iterator = repo().watch(key, { afterSeq: 0 })[Symbol.asyncIterator]();
      try {
        const first = iterator.next();
        await Promise.all(
          Array.from({ length: 16 }, (_, i) => repo().appendEvent(key, textEvent(i))),
        );
        const head = await first;
        expect(head.done).toBe(false);
        const rest = await take(iterator, 15);
        const seen = [head.value as SessionEvent, ...rest];
        expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      } finally {
        await iterator.return?.();
      }
    });
  });
}
