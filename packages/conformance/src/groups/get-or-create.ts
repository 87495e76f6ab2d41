import type { SessionKey } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvents } from "../support/keys.js";

/** getOrCreateSession: create when missing, read when active, refuse an expired id, atomically. */
export function getOrCreateGroup({ repo }: SuiteContext): void {
  describe("getOrCreateSession", () => {
    const key = sessionKey("goc");

    it("creates a missing session as createSession would, with no events", async () => {
      const t0 = Date.now();
      const { session, created } = await repo().getOrCreateSession(key, {
        state: { a: 1, "user:name": "Ada", "temp:x": 1 },
        metadata: { topic: "t" },
      });
      expect(created).toBe(true);
      expect(session).toMatchObject({
        appName: "app",
        userId: "u1",
        id: "goc",
        status: "active",
        revision: 1,
        lastSeq: 0,
        expiredAt: null,
        state: { a: 1, "user:name": "Ada" },
        metadata: { topic: "t" },
        events: [],
      });
      expect(session.createdAt).toBeGreaterThanOrEqual(t0);
      const stored = await repo().getSession(key);
      expect(stored).toEqual(session);
      expect(await repo().getUserState({ appName: "app", userId: "u1" })).toEqual({ name: "Ada" });
    });

    it("returns an existing session as getSession does (events, recentEvents), not created", async () => {
      await repo().createSession(key, { state: { a: 1 } });
      await repo().appendEvents(key, textEvents(3));
      const all = await repo().getOrCreateSession(key);
      expect(all.created).toBe(false);
      expect(all.session).toEqual(await repo().getSession(key));
      expect(all.session.events?.map((e) => e.seq)).toEqual([1, 2, 3]);
      const last = await repo().getOrCreateSession(key, { recentEvents: 2 });
      expect(last.session).toEqual(await repo().getSession(key, { recentEvents: 2 }));
      expect(last.session.events?.map((e) => e.seq)).toEqual([2, 3]);
      const none = await repo().getOrCreateSession(key, { recentEvents: 0 });
      expect(none.session.events).toEqual([]);
    });

    it("ignores state and metadata when the session exists, writing nothing", async () => {
      await repo().createSession(key, { state: { a: 1 }, metadata: { m: 1 } });
      const before = await repo().readSnapshot(key);
      const { session, created } = await repo().getOrCreateSession(key, {
        state: { a: 2, "user:u": 1 },
        metadata: { m: 2 },
      });
      expect(created).toBe(false);
      expect(session.state).toEqual({ a: 1 });
      expect(session.metadata).toEqual({ m: 1 });
      expect(await repo().readSnapshot(key)).toEqual(before);
      expect(await repo().getUserState({ appName: "app", userId: "u1" })).toEqual({});
    });

    it("throws ALREADY_EXISTS for an expired session's id, changing nothing", async () => {
      await repo().createSession(key, { state: { a: 1 } });
      await repo().expireSession(key);
      const before = await repo().readSnapshot(key);
      await expectError(repo().getOrCreateSession(key, { state: { a: 2 } }), "ALREADY_EXISTS");
      expect(await repo().readSnapshot(key)).toEqual(before);
      expect(await repo().getSession(key)).toBeNull();
    });

    it("rejects a missing sessionId and unknown options with INVALID_ARGUMENT, creating nothing", async () => {
      const noId = { appName: "app", userId: "u1" } as SessionKey;
      await expectError(repo().getOrCreateSession(noId), "INVALID_ARGUMENT", "sessionId");
      const bad = { state: { a: 1 }, ifExists: "return" } as Parameters<
        ReturnType<typeof repo>["getOrCreateSession"]
      >[1];
      await expectError(repo().getOrCreateSession(key, bad), "INVALID_ARGUMENT", "ifExists");
      await expectError(
        repo().getOrCreateSession(key, { recentEvents: -1 }),
        "INVALID_ARGUMENT",
        "options.recentEvents",
      );
      expect(await repo().readSnapshot(key)).toBeNull();
      expect(await repo().scanSessions({ appName: "app" })).toEqual([]);
    });

    it("creates once under concurrent calls: one created, all the same session", async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => repo().getOrCreateSession(key, { state: { i } })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const winner = results.find((r) => r.created)?.session;
      for (const { session } of results) {
        expect(session.createdAt).toBe(winner?.createdAt);
        expect(session.state).toEqual(winner?.state);
        expect(session.revision).toBe(1);
      }
      expect((await repo().getSession(key))?.state).toEqual(winner?.state);
    });
  });
}
