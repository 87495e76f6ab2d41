import type { SessionRepository } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError, expectWatchError } from "../support/expect-error.js";
import { BASE_TIME, sessionKey, textEvent } from "../support/keys.js";

const key = sessionKey("s1");

/** Every public method with valid arguments, to prove each throws CLOSED after close(). */
const everyMethod: Array<[string, (r: SessionRepository) => Promise<unknown>]> = [
  ["createSession", (r) => r.createSession(sessionKey("new"))],
  ["getSession", (r) => r.getSession(key)],
  ["appendEvent", (r) => r.appendEvent(key, textEvent(2))],
  ["appendEvents", (r) => r.appendEvents(key, [textEvent(2)])],
  ["listEvents", (r) => r.listEvents(key)],
  ["listSessions", (r) => r.listSessions({ appName: "app" })],
  ["deleteSession", (r) => r.deleteSession(key)],
  ["updateState", (r) => r.updateState(key, { a: 1 })],
  ["getUserState", (r) => r.getUserState({ appName: "app", userId: "u1" })],
  ["getAppState", (r) => r.getAppState({ appName: "app" })],
  ["expireSession", (r) => r.expireSession(key)],
  ["expireIdleSessions", (r) => r.expireIdleSessions({ idleSince: 0 })],
  ["searchEvents", (r) => r.searchEvents({ appName: "app", query: "message" })],
  ["readSnapshot", (r) => r.readSnapshot(key)],
  [
    "writeSnapshot",
    (r) =>
      r.writeSnapshot(
        {
          id: "imported",
          appName: "app",
          userId: "u1",
          status: "active",
          metadata: {},
          state: {},
          createdAt: BASE_TIME,
          updatedAt: BASE_TIME,
          expiredAt: null,
          revision: 1,
          lastSeq: 0,
          events: [],
        },
        { mode: "replace" },
      ),
  ],
  ["scanSessions", (r) => r.scanSessions()],
  ["listStateScopes", (r) => r.listStateScopes()],
  ["writeScopedState", (r) => r.writeScopedState({ appName: "app" }, { a: 1 })],
  ["getMeta", (r) => r.getMeta("m")],
  ["setMeta", (r) => r.setMeta("m", 1)],
  ["listMeta", (r) => r.listMeta("")],
  ["transaction", (r) => r.transaction(async (tx) => tx.getSession(key))],
  ["purgeExpired", (r) => r.purgeExpired()],
  ["stats", (r) => r.stats()],
  ["maintain", (r) => r.maintain()],
  ["checkIntegrity", (r) => r.checkIntegrity()],
  ["backup", (r) => r.backup("/nonexistent/sessionkit-conformance-backup")],
  ["health", (r) => r.health()],
];

/** close(): idempotent; afterwards every method throws CLOSED. health, stats and integrity before. */
export function lifecycleGroup({ repo }: SuiteContext): void {
  describe("lifecycle", () => {
    it("reports health ok, consistent stats and a clean integrity check while open", async () => {
      await repo().createSession(key, { state: { a: 1, "app:b": 2, "user:c": 3 } });
      await repo().appendEvent(key, textEvent(1));
      await repo().createSession(sessionKey("s2"));
      await repo().expireSession(sessionKey("s2"));
      const health = await repo().health();
      expect(health.ok).toBe(true);
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      const stats = await repo().stats();
      expect(stats).toMatchObject({ sessions: 2, activeSessions: 1, events: 1, stateKeys: 3 });
      expect(stats.bytesOnDisk).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(stats.schemaVersion)).toBe(true);
      expect(await repo().checkIntegrity()).toEqual({ ok: true, problems: [] });
      const maintained = await repo().maintain();
      expect(Array.isArray(maintained.performed)).toBe(true);
    });

    it("closes idempotently, also when close() calls overlap", async () => {
      await Promise.all([repo().close(), repo().close()]);
      await expect(repo().close()).resolves.toBeUndefined();
    });

    it("throws CLOSED from every method after close", async () => {
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1));
      await repo().close();
      for (const [name, call] of everyMethod) {
        await expectError(() => call(repo()), "CLOSED").catch((e) => {
          throw new Error(`${name}: ${(e as Error).message}`);
        });
      }
      await expectWatchError(() => repo().watch(key), "CLOSED");
      await expectWatchError(() => repo().watch(key, { afterSeq: 0 }), "CLOSED");
    });
  });
}
