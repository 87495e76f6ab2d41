import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";
import { capabilityGate } from "../support/skip.js";

/** searchEvents: every term must match, scoped by app/user/session, expired excluded, limited. */
export function searchGroup({ target, repo }: SuiteContext): void {
  const gate = capabilityGate(
    target,
    "searchEvents",
    target.capabilities.search !== "none",
    'capabilities.search is "none"',
  );
  describe.skipIf(gate.skip)(gate.title, () => {
    async function seed(): Promise<void> {
      const texts: Array<[string, string, string, string]> = [
        ["u1", "s1", "a1", "The quick brown fox jumps over the lazy dog"],
        ["u1", "s1", "a2", "A quick reply about invoices"],
        ["u1", "s2", "a3", "Brown bread and quick coffee"],
        ["u2", "s3", "a4", "quick brown fox of another user"],
        ["u1", "s4", "a5", "nothing relevant here"],
      ];
      for (const [userId, sessionId, id, text] of texts) {
        const key = sessionKey(sessionId, userId);
        if (!(await repo().getSession(key))) await repo().createSession(key);
        await repo().appendEvent(key, textEvent(1, { id, content: { parts: [{ text }] } }));
      }
      await repo().createSession(sessionKey("s5", "u1", "other"));
      await repo().appendEvent(
        sessionKey("s5", "u1", "other"),
        textEvent(1, { id: "o1", content: "quick brown fox in another app" }),
      );
    }
    const ids = (hits: Array<{ event: { id: string } }>) => hits.map((h) => h.event.id).sort();

    it("returns hits with the key, the stored event and a snippet marking the term", async () => {
      await seed();
      const hits = await repo().searchEvents({ appName: "app", query: "invoices" });
      expect(hits).toHaveLength(1);
      const [hit] = hits;
      expect(hit?.key).toEqual({ appName: "app", userId: "u1", sessionId: "s1" });
      expect(hit?.event).toEqual((await repo().getSession(sessionKey("s1")))?.events?.[1]);
      expect(hit?.snippet).toContain("[invoices]");
    });

    it("matches case-insensitively and requires every term (AND)", async () => {
      await seed();
      expect(ids(await repo().searchEvents({ appName: "app", query: "QUICK" }))).toEqual([
        "a1",
        "a2",
        "a3",
        "a4",
      ]);
      expect(ids(await repo().searchEvents({ appName: "app", query: "quick brown" }))).toEqual([
        "a1",
        "a3",
        "a4",
      ]);
      expect(ids(await repo().searchEvents({ appName: "app", query: "brown fox lazy" }))).toEqual([
        "a1",
      ]);
      expect(await repo().searchEvents({ appName: "app", query: "quick zebra" })).toEqual([]);
      const [hit] = await repo().searchEvents({ appName: "app", query: "lazy fox" });
      expect(hit?.snippet.toLowerCase()).toContain("[fox]");
      expect(hit?.snippet.toLowerCase()).toContain("[lazy]");
    });

    it("scopes hits by app, user and session", async () => {
      await seed();
      expect(
        ids(await repo().searchEvents({ appName: "app", userId: "u1", query: "quick" })),
      ).toEqual(["a1", "a2", "a3"]);
      expect(
        ids(
          await repo().searchEvents({
            appName: "app",
            userId: "u1",
            sessionId: "s2",
            query: "quick",
          }),
        ),
      ).toEqual(["a3"]);
      expect(
        ids(await repo().searchEvents({ appName: "app", userId: "u2", query: "fox" })),
      ).toEqual(["a4"]);
      expect(ids(await repo().searchEvents({ appName: "other", query: "fox" }))).toEqual(["o1"]);
    });

    it("excludes expired sessions and forgets deleted ones", async () => {
      await seed();
      await repo().expireSession(sessionKey("s1"));
      await repo().deleteSession(sessionKey("s3", "u2"));
      expect(ids(await repo().searchEvents({ appName: "app", query: "quick" }))).toEqual(["a3"]);
    });

    it("matches whole words, ignoring case and diacritics, in string values only", async () => {
      const key = sessionKey("words");
      await repo().createSession(key);
      await repo().appendEvent(
        key,
        textEvent(1, {
          id: "w1",
          content: { parts: [{ kind: "note", body: "Café CRÈME brûlée", count: 12345 }] },
        }),
      );
      const find = async (query: string) =>
        ids(await repo().searchEvents({ appName: "app", sessionId: "words", query }));
      expect(await find("cafe")).toEqual(["w1"]);
      expect(await find("café creme")).toEqual(["w1"]);
      expect(await find("BRULEE")).toEqual(["w1"]);
      expect(await find("caf")).toEqual([]);
      expect(await find("parts")).toEqual([]);
      expect(await find("body")).toEqual([]);
      expect(await find("12345")).toEqual([]);
    });

    it("returns at most limit hits", async () => {
      await seed();
      const hits = await repo().searchEvents({ appName: "app", query: "quick", limit: 2 });
      expect(hits).toHaveLength(2);
      for (const hit of hits) expect(["a1", "a2", "a3", "a4"]).toContain(hit.event.id);
    });

    it("finds events appended after an earlier search", async () => {
      await seed();
      expect(await repo().searchEvents({ appName: "app", query: "walrus" })).toEqual([]);
      await repo().appendEvent(
        sessionKey("s4"),
        textEvent(2, { id: "late", content: "a Walrus appears" }),
      );
      expect(ids(await repo().searchEvents({ appName: "app", query: "walrus" }))).toEqual(["late"]);
    });

    it("rejects an empty query and bad limits with INVALID_ARGUMENT", async () => {
      await expectError(
        repo().searchEvents({ appName: "app", query: "  " }),
        "INVALID_ARGUMENT",
        "options.query",
      );
      await expectError(
        repo().searchEvents({ appName: "app", query: "x", limit: 0 }),
        "INVALID_ARGUMENT",
        "options.limit",
      );
      await expectError(
        repo().searchEvents({ appName: "app", query: "x", limit: 1001 }),
        "INVALID_ARGUMENT",
        "options.limit",
      );
    });
  });
}
