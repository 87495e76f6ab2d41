import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";

/** Soft delete (expire), idle expiry, and batched, resumable purge of expired sessions. */
export function expiryGroup({ repo }: SuiteContext): void {
  describe("expiry and purge", () => {
    const key = sessionKey("s1");

    it("expires a session: status, expiredAt, revision +1, updatedAt kept, data kept", async () => {
      await repo().createSession(key, { state: { a: 1 } });
      await repo().appendEvent(key, textEvent(1));
      const before = await repo().getSession(key);
      const t0 = Date.now();
      expect(await repo().expireSession(key)).toBe(true);
      const t1 = Date.now();
      const after = await repo().getSession(key, { includeExpired: true });
      expect(after?.status).toBe("expired");
      expect(after?.expiredAt).toBeGreaterThanOrEqual(t0);
      expect(after?.expiredAt).toBeLessThanOrEqual(t1);
      expect(after?.revision).toBe((before?.revision ?? 0) + 1);
      expect(after?.updatedAt).toBe(before?.updatedAt);
      expect(after?.lastSeq).toBe(1);
      expect(after?.events).toEqual(before?.events);
      expect(after?.state).toEqual({ a: 1 });
      expect(await repo().getSession(key)).toBeNull();
    });

    it("returns false when the session is already expired, changing nothing", async () => {
      await repo().createSession(key);
      await repo().expireSession(key);
      const before = await repo().readSnapshot(key);
      expect(await repo().expireSession(key)).toBe(false);
      expect(await repo().readSnapshot(key)).toEqual(before);
    });

    it("throws NOT_FOUND when expiring a missing session", async () => {
      await expectError(repo().expireSession(sessionKey("missing")), "NOT_FOUND");
    });

    it("expires active sessions idle since before idleSince (strictly), filtered by app", async () => {
      for (const id of ["a1", "a2"]) await repo().createSession(sessionKey(id, "u1", "app"));
      await repo().createSession(sessionKey("b1", "u1", "other"));
      await repo().createSession(sessionKey("a3", "u1", "app"));
      await repo().expireSession(sessionKey("a3", "u1", "app"));
      const sessions = (await repo().listSessions({ appName: "app", status: "all" })).sessions;
      const newest = Math.max(...sessions.map((s) => s.updatedAt));
      const oldest = Math.min(...sessions.map((s) => s.updatedAt));
      expect(await repo().expireIdleSessions({ idleSince: oldest })).toBe(0);
      expect(await repo().expireIdleSessions({ idleSince: newest + 1, appName: "app" })).toBe(2);
      const statuses = (
        await repo().listSessions({ appName: "app", status: "all", orderBy: "id", order: "asc" })
      ).sessions.map((s) => [s.id, s.status]);
      expect(statuses).toEqual([
        ["a1", "expired"],
        ["a2", "expired"],
        ["a3", "expired"],
      ]);
      expect((await repo().getSession(sessionKey("b1", "u1", "other")))?.status).toBe("active");
      const later = Math.max(newest + 1, Date.now() + 1);
      expect(await repo().expireIdleSessions({ idleSince: later })).toBe(1);
      expect(await repo().getSession(sessionKey("b1", "u1", "other"))).toBeNull();
      expect(await repo().expireIdleSessions({ idleSince: later })).toBe(0);
    });

    it("rejects expireIdleSessions without idleSince with INVALID_ARGUMENT", async () => {
      await expectError(
        repo().expireIdleSessions({} as { idleSince: number }),
        "INVALID_ARGUMENT",
        "options.idleSince",
      );
      await expectError(
        repo().expireIdleSessions({ idleSince: -5 }),
        "INVALID_ARGUMENT",
        "options.idleSince",
      );
    });

    async function seedExpired(count: number): Promise<void> {
      for (let i = 0; i < count; i++) {
        const k = sessionKey(`x${i}`);
        await repo().createSession(k, { state: { "user:keep": 1 } });
        await repo().appendEvent(k, textEvent(1));
        await repo().expireSession(k);
      }
      await repo().createSession(sessionKey("alive"));
    }

    it("purges every expired session in batches, reporting progress, keeping active ones", async () => {
      await seedExpired(5);
      const progress: number[] = [];
      const result = await repo().purgeExpired({
        batchSize: 2,
        onProgress: (n) => progress.push(n),
      });
      expect(result).toEqual({ deleted: 5, done: true });
      expect(progress).toEqual([2, 4, 5]);
      for (let i = 0; i < 5; i++) expect(await repo().readSnapshot(sessionKey(`x${i}`))).toBeNull();
      expect((await repo().getSession(sessionKey("alive")))?.status).toBe("active");
      expect(await repo().getUserState({ appName: "app", userId: "u1" })).toEqual({ keep: 1 });
      expect(await repo().purgeExpired()).toEqual({ deleted: 0, done: true });
    });

    it("stops at an aborted signal with done false and resumes to done true", async () => {
      await seedExpired(5);
      const controller = new AbortController();
      controller.abort();
      const interrupted = await repo().purgeExpired({ batchSize: 2, signal: controller.signal });
      expect(interrupted.done).toBe(false);
      expect(interrupted.deleted).toBeGreaterThanOrEqual(0);
      expect(interrupted.deleted).toBeLessThan(5);
      const remaining = (await repo().listSessions({ appName: "app", status: "expired" })).sessions;
      expect(remaining).toHaveLength(5 - interrupted.deleted);
      const resumed = await repo().purgeExpired({ batchSize: 2 });
      expect(resumed.done).toBe(true);
      expect(interrupted.deleted + resumed.deleted).toBe(5);
      expect(
        (await repo().listSessions({ appName: "app", status: "all" })).sessions.map((s) => s.id),
      ).toEqual(["alive"]);
    });

    it("aborts between batches when the signal fires during a purge", async () => {
      await seedExpired(6);
      const controller = new AbortController();
      const result = await repo().purgeExpired({
        batchSize: 2,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      expect(result).toEqual({ deleted: 2, done: false });
      expect(await repo().purgeExpired({ batchSize: 2 })).toEqual({ deleted: 4, done: true });
    });

    it("purges only sessions expired strictly before expiredBefore", async () => {
      await seedExpired(3);
      const expired = (await repo().listSessions({ appName: "app", status: "expired" })).sessions;
      const first = Math.min(...expired.map((s) => s.expiredAt ?? 0));
      expect(await repo().purgeExpired({ expiredBefore: first })).toEqual({
        deleted: 0,
        done: true,
      });
      const last = Math.max(...expired.map((s) => s.expiredAt ?? 0));
      expect(await repo().purgeExpired({ expiredBefore: last + 1 })).toEqual({
        deleted: 3,
        done: true,
      });
    });

    it("rejects a batchSize below 1 with INVALID_ARGUMENT", async () => {
      await expectError(
        repo().purgeExpired({ batchSize: 0 }),
        "INVALID_ARGUMENT",
        "options.batchSize",
      );
    });
  });
}
