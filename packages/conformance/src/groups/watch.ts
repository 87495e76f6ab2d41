import type { SessionEvent, WatchOptions } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectWatchError } from "../support/expect-error.js";
import { sessionKey, sleep, textEvent, textEvents } from "../support/keys.js";
import { nextWithin, take } from "../support/watch.js";

/** How long the suite lets a watcher set itself up before appending (not a speed assertion). */
const SETTLE_MS = 100;

/** watch(): live events in seq order, partial events, afterSeq replay, abort, close, delete. */
export function watchGroup({ repo }: SuiteContext): void {
  describe("watch", () => {
    const key = sessionKey("s1");

    /** Starts iterating (the first next() is pending) and lets the watcher settle. */
    async function startWatching(options?: WatchOptions): Promise<AsyncIterator<SessionEvent>> {
      const iterator = repo().watch(key, options)[Symbol.asyncIterator]();
      const first = iterator.next();
      await sleep(SETTLE_MS);
      let used = false;
      const wrapped: AsyncIterator<SessionEvent> = {
        next: () => {
          if (!used) {
            used = true;
            return first;
          }
          return iterator.next();
        },
        return: async () => {
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      };
      return wrapped;
    }

    it("delivers newly appended events in seq order, each once", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1));
      const watcher = await startWatching();
      try {
        await repo().appendEvent(key, textEvent(2));
        await repo().appendEvents(key, textEvents(3, 3));
        await repo().updateState(key, { a: 1 });
        const events = await take(watcher, 5);
        expect(events.map((e) => [e.seq, e.id])).toEqual([
          [2, "e2"],
          [3, "e3"],
          [4, "e4"],
          [5, "e5"],
          [6, expect.any(String)],
        ]);
        const stored = await repo().getSession(key, { afterSeq: 1 });
        expect(events).toEqual(stored?.events);
      } finally {
        await watcher.return?.();
      }
    });

    it("delivers partial events to watchers without storing them", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1));
      const watcher = await startWatching();
      try {
        const partial = await repo().appendEvent(key, {
          id: "p1",
          author: "assistant",
          content: { text: "Hel" },
          partial: true,
        });
        expect(partial).toMatchObject({
          id: "p1",
          seq: 1,
          partial: true,
          content: { text: "Hel" },
        });
        await repo().appendEvent(key, textEvent(2, { content: { text: "Hello" } }));
        const [first, second] = await take(watcher, 2);
        expect(first).toMatchObject({ id: "p1", partial: true, seq: 1, content: { text: "Hel" } });
        expect(second).toMatchObject({ id: "e2", seq: 2 });
        expect(second?.partial).toBeUndefined();
        const read = await repo().getSession(key);
        expect(read?.events?.map((e) => e.id)).toEqual(["e1", "e2"]);
        expect(read?.revision).toBe(3);
        expect(read?.lastSeq).toBe(2);
      } finally {
        await watcher.return?.();
      }
    });

    it("does not store a partial event, change revision or apply its state delta", async () => {
      await repo().createSession(key);
      const before = await repo().readSnapshot(key);
      const partial = await repo().appendEvent(key, {
        author: "assistant",
        content: "tok",
        partial: true,
        stateDelta: { x: 1 },
      });
      expect(partial.partial).toBe(true);
      expect(partial.seq).toBe(0);
      expect(await repo().readSnapshot(key)).toEqual(before);
    });

    it("replays stored events after afterSeq, then continues live", async () => {
      await repo().createSession(key);
      await repo().appendEvents(key, textEvents(4));
      const iterator = repo().watch(key, { afterSeq: 1 })[Symbol.asyncIterator]();
      try {
        const replayed = await take(iterator, 3);
        expect(replayed.map((e) => e.seq)).toEqual([2, 3, 4]);
        await repo().appendEvent(key, textEvent(5));
        const [live] = await take(iterator, 1);
        expect(live?.seq).toBe(5);
      } finally {
        await iterator.return?.();
      }
    });

    it("replays everything with afterSeq 0", async () => {
      await repo().createSession(key);
      await repo().appendEvents(key, textEvents(3));
      const iterator = repo().watch(key, { afterSeq: 0 })[Symbol.asyncIterator]();
      try {
        expect((await take(iterator, 3)).map((e) => e.id)).toEqual(["e1", "e2", "e3"]);
      } finally {
        await iterator.return?.();
      }
    });

    it("ends the iterator when the signal aborts", async () => {
      await repo().createSession(key);
      const controller = new AbortController();
      const watcher = await startWatching({ signal: controller.signal });
      controller.abort();
      const result = await nextWithin(watcher, 5_000);
      expect(result).toEqual({ done: true, value: undefined });
    });

    it("ends at once for an already-aborted signal", async () => {
      await repo().createSession(key);
      await repo().appendEvents(key, textEvents(2));
      const controller = new AbortController();
      controller.abort();
      const iterator = repo().watch(key, { signal: controller.signal })[Symbol.asyncIterator]();
      expect(await nextWithin(iterator, 5_000)).toEqual({ done: true, value: undefined });
    });

    it("ends the iterator when the repository closes", async () => {
      await repo().createSession(key);
      const watcher = await startWatching();
      await repo().close();
      expect(await nextWithin(watcher, 5_000)).toEqual({ done: true, value: undefined });
    });

    it("ends the iterator when the session is deleted", async () => {
      await repo().createSession(key);
      const watcher = await startWatching();
      await repo().deleteSession(key);
      expect(await nextWithin(watcher, 5_000)).toEqual({ done: true, value: undefined });
    });

    it("ends the iterator when the consumer breaks out of for-await", async () => {
      await repo().createSession(key);
      await repo().appendEvents(key, textEvents(3));
      const seen: number[] = [];
      for await (const event of repo().watch(key, { afterSeq: 0 })) {
        seen.push(event.seq);
        if (seen.length === 2) break;
      }
      expect(seen).toEqual([1, 2]);
      await repo().appendEvent(key, textEvent(4));
      expect((await repo().getSession(key))?.lastSeq).toBe(4);
    });

    it("throws NOT_FOUND on first iteration for a missing session", async () => {
      await expectWatchError(() => repo().watch(sessionKey("missing")), "NOT_FOUND");
    });

    it("keeps watchers of different sessions apart", async () => {
      await repo().createSession(key);
      await repo().createSession(sessionKey("s2"));
      const watcher = await startWatching();
      try {
        await repo().appendEvent(sessionKey("s2"), textEvent(1, { id: "other" }));
        await repo().appendEvent(key, textEvent(2, { id: "mine" }));
        const [event] = await take(watcher, 1);
        expect(event?.id).toBe("mine");
      } finally {
        await watcher.return?.();
      }
    });
  });
}
