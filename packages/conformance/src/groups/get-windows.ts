import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { BASE_TIME, sessionKey, textEvents } from "../support/keys.js";

/** getSession event windows: recentEvents, afterSeq, afterTimestamp (inclusive), includeExpired. */
export function getWindowsGroup({ repo }: SuiteContext): void {
  describe("getSession windows", () => {
    const key = sessionKey("s1");
    const seqs = async (options: Parameters<ReturnType<typeof repo>["getSession"]>[1]) =>
      (await repo().getSession(key, options))?.events?.map((e) => e.seq);

    async function tenEvents(): Promise<void> {
      await repo().createSession(key);
      await repo().appendEvents(key, textEvents(10));
    }

    it("returns every event when recentEvents is undefined", async () => {
      await tenEvents();
      expect(await seqs(undefined)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await seqs({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it("returns no events when recentEvents is 0, but the record and state", async () => {
      await tenEvents();
      const read = await repo().getSession(key, { recentEvents: 0 });
      expect(read?.events ?? []).toEqual([]);
      expect(read?.lastSeq).toBe(10);
      expect(read?.revision).toBe(11);
    });

    it("returns the last n events ascending", async () => {
      await tenEvents();
      expect(await seqs({ recentEvents: 3 })).toEqual([8, 9, 10]);
      expect(await seqs({ recentEvents: 1 })).toEqual([10]);
      expect(await seqs({ recentEvents: 50 })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it("filters by afterSeq (exclusive)", async () => {
      await tenEvents();
      expect(await seqs({ afterSeq: 7 })).toEqual([8, 9, 10]);
      expect(await seqs({ afterSeq: 0 })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await seqs({ afterSeq: 10 })).toEqual([]);
      expect(await seqs({ afterSeq: 99 })).toEqual([]);
    });

    it("filters by afterTimestamp (inclusive)", async () => {
      await tenEvents();
      expect(await seqs({ afterTimestamp: BASE_TIME + 8 })).toEqual([8, 9, 10]);
      expect(await seqs({ afterTimestamp: BASE_TIME + 11 })).toEqual([]);
      expect(await seqs({ afterTimestamp: 0 })).toHaveLength(10);
    });

    it("applies recentEvents after the other filters", async () => {
      await tenEvents();
      expect(await seqs({ afterSeq: 2, recentEvents: 2 })).toEqual([9, 10]);
      expect(await seqs({ afterTimestamp: BASE_TIME + 3, recentEvents: 20 })).toEqual([
        3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect(await seqs({ afterSeq: 4, afterTimestamp: BASE_TIME + 2, recentEvents: 3 })).toEqual([
        8, 9, 10,
      ]);
    });

    it("reads an expired session only with includeExpired", async () => {
      await tenEvents();
      expect(await repo().expireSession(key)).toBe(true);
      expect(await repo().getSession(key)).toBeNull();
      const read = await repo().getSession(key, { includeExpired: true, recentEvents: 2 });
      expect(read?.status).toBe("expired");
      expect(read?.events?.map((e) => e.seq)).toEqual([9, 10]);
    });
  });
}
