import type { SessionSnapshot } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { BASE_TIME, sessionKey, textEvent } from "../support/keys.js";

function snapshot(
  id: string,
  revision: number,
  events: number,
  patch: Partial<SessionSnapshot> = {},
): SessionSnapshot {
  return {
    id,
    appName: "app",
    userId: "u1",
    status: "active",
    metadata: { source: "import", revision },
    state: { imported: revision },
    createdAt: BASE_TIME,
    updatedAt: BASE_TIME + 1000 * revision,
    expiredAt: null,
    revision,
    lastSeq: events,
    events: Array.from({ length: events }, (_, i) => ({
      id: `imported-${i + 1}`,
      seq: i + 1,
      author: i % 2 ? "assistant" : "user",
      content: { text: `imported ${i + 1}`, revision },
      timestamp: BASE_TIME + i,
      ...(i === 0
        ? { stateDelta: { imported: revision }, metadata: { first: true }, invocationId: "inv" }
        : {}),
    })),
    ...patch,
  };
}

/** The bulk-copy API: readSnapshot/writeSnapshot, scanSessions, listStateScopes/writeScopedState. */
export function snapshotsGroup({ repo }: SuiteContext): void {
  describe("snapshots and scans", () => {
    it("reads a whole session with session-scoped state only, expired included", async () => {
      const key = sessionKey("s1");
      await repo().createSession(key, {
        state: { s: 1, "app:a": 2, "user:u": 3 },
        metadata: { m: 1 },
      });
      const e1 = await repo().appendEvent(key, textEvent(1));
      await repo().expireSession(key);
      const read = await repo().getSession(key, { includeExpired: true });
      const snap = await repo().readSnapshot(key);
      expect(snap).toEqual({
        id: "s1",
        appName: "app",
        userId: "u1",
        status: "expired",
        metadata: { m: 1 },
        state: { s: 1 },
        createdAt: read?.createdAt,
        updatedAt: read?.updatedAt,
        expiredAt: read?.expiredAt,
        revision: 3,
        lastSeq: 1,
        events: [e1],
      });
      expect(await repo().readSnapshot(sessionKey("missing"))).toBeNull();
    });

    it("writes a snapshot keeping seqs, revision, timestamps and state; reads it back equal", async () => {
      const snap = snapshot("imp", 7, 3);
      expect(await repo().writeSnapshot(snap, { mode: "replace" })).toBe("written");
      expect(await repo().readSnapshot(sessionKey("imp"))).toEqual(snap);
      const read = await repo().getSession(sessionKey("imp"));
      expect(read).toMatchObject({
        revision: 7,
        lastSeq: 3,
        createdAt: BASE_TIME,
        updatedAt: BASE_TIME + 7000,
      });
      const next = await repo().appendEvent(sessionKey("imp"), textEvent(9));
      expect(next.seq).toBe(4);
      expect((await repo().getSession(sessionKey("imp")))?.revision).toBe(8);
      const { seq: _seq, ...imported } = snap.events[1] as SessionSnapshot["events"][number];
      const retry = await repo().appendEvent(sessionKey("imp"), imported);
      expect(retry).toEqual(snap.events[1]);
    });

    it("replaces whatever is stored in replace mode, events and state included", async () => {
      const key = sessionKey("imp");
      await repo().createSession(key, { state: { old: true } });
      await repo().appendEvents(key, [textEvent(1), textEvent(2), textEvent(3), textEvent(4)]);
      const snap = snapshot("imp", 2, 1);
      expect(await repo().writeSnapshot(snap, { mode: "replace" })).toBe("written");
      expect(await repo().readSnapshot(key)).toEqual(snap);
      expect((await repo().getSession(key))?.state).toEqual({ imported: 2 });
    });

    it("writes in if-newer mode only when nothing is stored or the stored revision is lower", async () => {
      const key = sessionKey("imp");
      expect(await repo().writeSnapshot(snapshot("imp", 5, 2), { mode: "if-newer" })).toBe(
        "written",
      );
      expect(await repo().writeSnapshot(snapshot("imp", 5, 3), { mode: "if-newer" })).toBe(
        "skipped",
      );
      expect(await repo().writeSnapshot(snapshot("imp", 4, 3), { mode: "if-newer" })).toBe(
        "skipped",
      );
      expect((await repo().readSnapshot(key))?.lastSeq).toBe(2);
      expect(await repo().writeSnapshot(snapshot("imp", 6, 3), { mode: "if-newer" })).toBe(
        "written",
      );
      expect(await repo().readSnapshot(key)).toEqual(snapshot("imp", 6, 3));
    });

    it("imports expired sessions as expired", async () => {
      const snap = snapshot("old", 3, 1, { status: "expired", expiredAt: BASE_TIME + 5 });
      await repo().writeSnapshot(snap, { mode: "replace" });
      expect(await repo().getSession(sessionKey("old"))).toBeNull();
      expect(
        (await repo().getSession(sessionKey("old"), { includeExpired: true }))?.expiredAt,
      ).toBe(BASE_TIME + 5);
    });

    it("scans keys in ascending (appName, userId, sessionId) code-point order, paged, expired included", async () => {
      const keys = [
        sessionKey("b", "u1", "app"),
        sessionKey("a", "u2", "app"),
        sessionKey("z", "u1", "app"),
        sessionKey("a", "u1", "Zapp"),
        sessionKey("\u00e9", "u1", "app"),
        sessionKey("\u{1F600}", "u1", "app"),
        sessionKey("\uFFFD", "u1", "app"),
        sessionKey("a", "u1", "other"),
      ];
      for (const k of keys) await repo().createSession(k);
      await repo().expireSession(sessionKey("z", "u1", "app"));
      const expected = [
        sessionKey("a", "u1", "Zapp"),
        sessionKey("b", "u1", "app"),
        sessionKey("z", "u1", "app"),
        sessionKey("\u00e9", "u1", "app"),
        sessionKey("\uFFFD", "u1", "app"),
        sessionKey("\u{1F600}", "u1", "app"),
        sessionKey("a", "u2", "app"),
        sessionKey("a", "u1", "other"),
      ];
      expect(await repo().scanSessions()).toEqual(expected);
      const paged = [];
      let after: (typeof expected)[number] | undefined;
      for (;;) {
        const page = await repo().scanSessions({ limit: 3, after });
        paged.push(...page);
        if (page.length < 3) break;
        after = page[2];
      }
      expect(paged).toEqual(expected);
      expect(await repo().scanSessions({ appName: "app" })).toEqual(
        expected.filter((k) => k.appName === "app"),
      );
      expect(
        await repo().scanSessions({
          appName: "app",
          after: sessionKey("\u00e9", "u1", "app"),
          limit: 2,
        }),
      ).toEqual([sessionKey("\uFFFD", "u1", "app"), sessionKey("\u{1F600}", "u1", "app")]);
    });

    it("lists every app and user scope holding state, and replaces whole scopes", async () => {
      await repo().createSession(sessionKey("s1", "u1", "app"), {
        state: { "app:a": 1, "user:b": 2, c: 3 },
      });
      await repo().createSession(sessionKey("s2", "u2", "app"), { state: { "user:d": 4 } });
      await repo().writeScopedState({ appName: "other", userId: "u9" }, { x: { y: 1 } });
      const labels = async () =>
        (await repo().listStateScopes()).map((s) => `${s.appName}/${s.userId ?? "*"}`).sort();
      expect(await labels()).toEqual(["app/*", "app/u1", "app/u2", "other/u9"]);
      for (const scope of await repo().listStateScopes()) {
        expect(Object.keys(scope).sort()).toEqual(
          scope.userId === undefined ? ["appName"] : ["appName", "userId"],
        );
      }
      await repo().writeScopedState({ appName: "app" }, { z: 1 });
      expect(await repo().getAppState({ appName: "app" })).toEqual({ z: 1 });
      await repo().writeScopedState({ appName: "app", userId: "u2" }, {});
      expect(await repo().getUserState({ appName: "app", userId: "u2" })).toEqual({});
      expect(await labels()).toEqual(["app/*", "app/u1", "other/u9"]);
      expect(await repo().getUserState({ appName: "other", userId: "u9" })).toEqual({
        x: { y: 1 },
      });
      expect((await repo().getSession(sessionKey("s1", "u1", "app")))?.state).toEqual({
        c: 3,
        "app:z": 1,
        "user:b": 2,
      });
      expect((await repo().getSession(sessionKey("s2", "u2", "app")))?.state).toEqual({
        "app:z": 1,
      });
    });
  });
}
