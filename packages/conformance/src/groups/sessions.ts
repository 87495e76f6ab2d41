import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";

/** Session CRUD: create with and without id, ALREADY_EXISTS, get, delete, metadata, ids. */
export function sessionsGroup({ repo }: SuiteContext): void {
  describe("sessions", () => {
    it("creates a session with a given id at revision 1 and lastSeq 0", async () => {
      const before = Date.now();
      const created = await repo().createSession(sessionKey("s1"));
      const after = Date.now();
      expect(created).toMatchObject({
        appName: "app",
        userId: "u1",
        id: "s1",
        state: {},
        metadata: {},
        status: "active",
        expiredAt: null,
        lastSeq: 0,
        revision: 1,
      });
      expect(created.createdAt).toBeGreaterThanOrEqual(before);
      expect(created.createdAt).toBeLessThanOrEqual(after);
      expect(created.updatedAt).toBe(created.createdAt);
      const read = await repo().getSession(sessionKey("s1"));
      expect(read).toEqual({ ...created, events: [] });
    });

    it("generates a non-empty id when none is given, readable by that id", async () => {
      const created = await repo().createSession({ appName: "app", userId: "u1" });
      expect(typeof created.id).toBe("string");
      expect(created.id.length).toBeGreaterThan(0);
      expect(created.id.length).toBeLessThanOrEqual(256);
      const read = await repo().getSession(sessionKey(created.id));
      expect(read?.id).toBe(created.id);
      expect(read?.revision).toBe(1);
    });

    it("generates unique ids", async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 25; i++) {
        ids.add((await repo().createSession({ appName: "app", userId: "u1" })).id);
      }
      expect(ids.size).toBe(25);
      const page = await repo().listSessions({ appName: "app", limit: 100 });
      expect(new Set(page.sessions.map((s) => s.id))).toEqual(ids);
    });

    it("rejects a taken id with ALREADY_EXISTS and leaves the first session untouched", async () => {
      await repo().createSession(sessionKey("s1"), { metadata: { first: true } });
      await repo().appendEvent(sessionKey("s1"), textEvent(1));
      await expectError(
        repo().createSession(sessionKey("s1"), { metadata: { first: false } }),
        "ALREADY_EXISTS",
      );
      const read = await repo().getSession(sessionKey("s1"));
      expect(read?.metadata).toEqual({ first: true });
      expect(read?.lastSeq).toBe(1);
      expect(read?.revision).toBe(2);
    });

    it("rejects an id taken by an expired session with ALREADY_EXISTS", async () => {
      await repo().createSession(sessionKey("s1"));
      await repo().expireSession(sessionKey("s1"));
      await expectError(repo().createSession(sessionKey("s1")), "ALREADY_EXISTS");
    });

    it("lets the same session id exist under another user and another app", async () => {
      await repo().createSession(sessionKey("s1", "u1", "app"), { metadata: { n: 1 } });
      await repo().createSession(sessionKey("s1", "u2", "app"), { metadata: { n: 2 } });
      await repo().createSession(sessionKey("s1", "u1", "other"), { metadata: { n: 3 } });
      expect((await repo().getSession(sessionKey("s1", "u1", "app")))?.metadata).toEqual({ n: 1 });
      expect((await repo().getSession(sessionKey("s1", "u2", "app")))?.metadata).toEqual({ n: 2 });
      expect((await repo().getSession(sessionKey("s1", "u1", "other")))?.metadata).toEqual({
        n: 3,
      });
    });

    it("returns null for a missing session", async () => {
      expect(await repo().getSession(sessionKey("missing"))).toBeNull();
      expect(await repo().getSession(sessionKey("missing"), { includeExpired: true })).toBeNull();
    });

    it("deletes a session with its events and session state, keeping app and user state", async () => {
      const key = sessionKey("s1");
      await repo().createSession(key, { state: { mine: 1, "app:shared": 2, "user:pref": 3 } });
      await repo().appendEvent(key, textEvent(1));
      expect(await repo().deleteSession(key)).toBe(true);
      expect(await repo().getSession(key, { includeExpired: true })).toBeNull();
      expect(await repo().readSnapshot(key)).toBeNull();
      await expectError(repo().listEvents(key), "NOT_FOUND");
      expect(await repo().getAppState({ appName: "app" })).toEqual({ shared: 2 });
      expect(await repo().getUserState({ appName: "app", userId: "u1" })).toEqual({ pref: 3 });
      const again = await repo().createSession(key);
      expect(again.lastSeq).toBe(0);
      expect(again.revision).toBe(1);
      expect(again.state).toEqual({ "app:shared": 2, "user:pref": 3 });
      expect((await repo().getSession(key))?.events).toEqual([]);
    });

    it("returns false when deleting a missing or already deleted session", async () => {
      expect(await repo().deleteSession(sessionKey("missing"))).toBe(false);
      await repo().createSession(sessionKey("s1"));
      expect(await repo().deleteSession(sessionKey("s1"))).toBe(true);
      expect(await repo().deleteSession(sessionKey("s1"))).toBe(false);
    });

    it("deletes expired sessions too", async () => {
      await repo().createSession(sessionKey("s1"));
      await repo().expireSession(sessionKey("s1"));
      expect(await repo().deleteSession(sessionKey("s1"))).toBe(true);
      expect(await repo().getSession(sessionKey("s1"), { includeExpired: true })).toBeNull();
    });

    it("round-trips metadata exactly", async () => {
      const metadata = {
        title: "Grüße, 世界 🌍",
        tags: ["a", "b", ""],
        nested: { n: -1.5e-7, big: 9007199254740991, zero: 0, t: true, f: false, none: null },
        empty: {},
        list: [[], [{}], [1, "2", null]],
      };
      const created = await repo().createSession(sessionKey("s1"), { metadata });
      expect(created.metadata).toEqual(metadata);
      expect((await repo().getSession(sessionKey("s1")))?.metadata).toEqual(metadata);
      const listed = await repo().listSessions({ appName: "app" });
      expect(listed.sessions[0]?.metadata).toEqual(metadata);
    });

    it("takes ids verbatim: case, Unicode forms and hostile names are distinct sessions", async () => {
      const ids = [
        "Abc",
        "abc",
        "caf\u00e9",
        "cafe\u0301",
        "../../etc/passwd",
        "CON",
        "a/b",
        "a\\b",
        "%2e%2e",
        " padded ",
        "x".repeat(256),
      ];
      for (const [i, id] of ids.entries()) {
        await repo().createSession(sessionKey(id), { metadata: { i } });
      }
      for (const [i, id] of ids.entries()) {
        const read = await repo().getSession(sessionKey(id));
        expect(read?.id).toBe(id);
        expect(read?.metadata).toEqual({ i });
      }
      const listed = await repo().listSessions({ appName: "app", orderBy: "id", limit: 100 });
      expect(listed.sessions.map((s) => s.id).sort()).toEqual([...ids].sort());
      expect(await repo().getSession(sessionKey("ABC"))).toBeNull();
      expect(await repo().getSession(sessionKey("padded"))).toBeNull();
    });
  });
}
