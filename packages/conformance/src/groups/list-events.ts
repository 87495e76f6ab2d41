import type { SessionEvent } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvents } from "../support/keys.js";

/** listEvents: pages in seq order, ascending and descending, continued through nextSeq. */
export function listEventsGroup({ repo }: SuiteContext): void {
  describe("listEvents paging", () => {
    const key = sessionKey("s1");
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => from + i);

    async function seed(count: number): Promise<void> {
      await repo().createSession(key);
      await repo().appendEvents(key, textEvents(count));
    }

    it("pages ascending with nextSeq as afterSeq until null", async () => {
      await seed(23);
      const seen: number[] = [];
      let afterSeq: number | undefined;
      let pages = 0;
      for (;;) {
        const page = await repo().listEvents(key, { limit: 5, afterSeq });
        pages++;
        expect(page.events.length).toBeLessThanOrEqual(5);
        seen.push(...page.events.map((e) => e.seq));
        if (page.nextSeq === null) break;
        expect(page.nextSeq).toBe(page.events.at(-1)?.seq);
        afterSeq = page.nextSeq;
      }
      expect(seen).toEqual(range(1, 23));
      expect(pages).toBeLessThanOrEqual(6);
    });

    it("pages descending with nextSeq as beforeSeq until null", async () => {
      await seed(12);
      const seen: number[] = [];
      let beforeSeq: number | undefined;
      for (;;) {
        const page = await repo().listEvents(key, { limit: 5, order: "desc", beforeSeq });
        seen.push(...page.events.map((e) => e.seq));
        if (page.nextSeq === null) break;
        expect(page.nextSeq).toBe(page.events.at(-1)?.seq);
        beforeSeq = page.nextSeq;
      }
      expect(seen).toEqual(range(1, 12).reverse());
    });

    it("returns a short final page with nextSeq null", async () => {
      await seed(7);
      const page = await repo().listEvents(key, { limit: 5, afterSeq: 5 });
      expect(page.events.map((e) => e.seq)).toEqual([6, 7]);
      expect(page.nextSeq).toBeNull();
    });

    it("defaults to ascending pages of 100", async () => {
      await seed(130);
      const first = await repo().listEvents(key);
      expect(first.events.map((e) => e.seq)).toEqual(range(1, 100));
      expect(first.nextSeq).toBe(100);
      const second = await repo().listEvents(key, { afterSeq: first.nextSeq ?? 0 });
      expect(second.events.map((e) => e.seq)).toEqual(range(101, 130));
      expect(second.nextSeq).toBeNull();
    });

    it("bounds a range with afterSeq and beforeSeq (both exclusive)", async () => {
      await seed(10);
      const asc = await repo().listEvents(key, { afterSeq: 3, beforeSeq: 7 });
      expect(asc.events.map((e) => e.seq)).toEqual([4, 5, 6]);
      const desc = await repo().listEvents(key, { afterSeq: 3, beforeSeq: 7, order: "desc" });
      expect(desc.events.map((e) => e.seq)).toEqual([6, 5, 4]);
    });

    it("returns events equal to those getSession returns", async () => {
      await seed(4);
      const page = await repo().listEvents(key);
      const read = await repo().getSession(key);
      expect(page.events).toEqual(read?.events as SessionEvent[]);
    });

    it("returns an empty page with nextSeq null for a session without events", async () => {
      await repo().createSession(key);
      expect(await repo().listEvents(key)).toEqual({ events: [], nextSeq: null });
    });

    it("throws NOT_FOUND for missing sessions and expired ones unless includeExpired", async () => {
      await expectError(repo().listEvents(sessionKey("missing")), "NOT_FOUND");
      await seed(3);
      await repo().expireSession(key);
      await expectError(repo().listEvents(key), "NOT_FOUND");
      const page = await repo().listEvents(key, { includeExpired: true });
      expect(page.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    it("rejects limits outside 1..1000 and unknown orders with INVALID_ARGUMENT", async () => {
      await seed(1);
      await expectError(repo().listEvents(key, { limit: 0 }), "INVALID_ARGUMENT", "options.limit");
      await expectError(repo().listEvents(key, { limit: -1 }), "INVALID_ARGUMENT", "options.limit");
      await expectError(
        repo().listEvents(key, { limit: 1001 }),
        "INVALID_ARGUMENT",
        "options.limit",
      );
      await expectError(
        repo().listEvents(key, { order: "sideways" as "asc" }),
        "INVALID_ARGUMENT",
        "options.order",
      );
      expect((await repo().listEvents(key, { limit: 1000 })).events).toHaveLength(1);
    });
  });
}
