import type { ListSessionsOptions, Session, SessionOrderBy } from "@sessionkit/core";
import { compareStrings } from "@sessionkit/core/adapter-kit";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";

/** The order listSessions must give: the sort field, then userId, then id, all in one direction. */
export function expectedOrder(
  sessions: Session[],
  orderBy: SessionOrderBy,
  order: "asc" | "desc",
): string[] {
  const sign = order === "asc" ? 1 : -1;
  const field = (s: Session) => (orderBy === "id" ? 0 : (s[orderBy] as number));
  return [...sessions]
    .sort(
      (a, b) =>
        sign *
        (field(a) - field(b) ||
          (orderBy === "id" ? compareStrings(a.id, b.id) : 0) ||
          compareStrings(a.userId, b.userId) ||
          compareStrings(a.id, b.id)),
    )
    .map(label);
}

const label = (s: Session) => `${s.userId}/${s.id}`;

/** listSessions: filters, orders, keyset cursors, limits and malformed options. */
export function listingGroup({ repo }: SuiteContext): void {
  describe("listSessions", () => {
    async function listAll(options: ListSessionsOptions): Promise<Session[][]> {
      const pages: Session[][] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 1000; guard++) {
        const page = await repo().listSessions({ ...options, cursor });
        pages.push(page.sessions);
        if (page.nextCursor === null) return pages;
        expect(typeof page.nextCursor).toBe("string");
        cursor = page.nextCursor;
      }
      throw new Error("listSessions never returned nextCursor null");
    }

    /** 3 users × 4 sessions with shared ids across users, so id ties are broken by userId. */
    async function seed(): Promise<Session[]> {
      for (const sessionId of ["s3", "s1", "s4", "s2"]) {
        for (const userId of ["u2", "u1", "u3"]) {
          await repo().createSession(sessionKey(sessionId, userId), {
            metadata: { user: userId, even: Number(sessionId.slice(1)) % 2 === 0 },
          });
        }
      }
      await repo().appendEvent(sessionKey("s3", "u2"), textEvent(1));
      await repo().appendEvent(sessionKey("s1", "u3"), textEvent(1));
      const all = await repo().listSessions({ appName: "app", limit: 1000 });
      expect(all.sessions).toHaveLength(12);
      return all.sessions;
    }

    it("defaults to active sessions, newest updatedAt first, 50 per page, without events", async () => {
      for (let i = 0; i < 55; i++) await repo().createSession(sessionKey(`s${i}`));
      await repo().expireSession(sessionKey("s0"));
      const first = await repo().listSessions({ appName: "app" });
      expect(first.sessions).toHaveLength(50);
      expect(first.nextCursor).not.toBeNull();
      for (const s of first.sessions) {
        expect(s.events).toBeUndefined();
        expect(s.status).toBe("active");
      }
      const second = await repo().listSessions({ appName: "app", cursor: first.nextCursor ?? "" });
      expect(second.sessions).toHaveLength(4);
      expect(second.nextCursor).toBeNull();
      const all = [...first.sessions, ...second.sessions];
      expect(all.map(label)).toEqual(expectedOrder(all, "updatedAt", "desc"));
      expect(all.map((s) => s.id)).not.toContain("s0");
    });

    for (const orderBy of ["updatedAt", "createdAt", "id"] as const) {
      for (const order of ["asc", "desc"] as const) {
        it(`orders by ${orderBy} ${order} with ties broken by userId then id, across pages`, async () => {
          const all = await seed();
          const pages = await listAll({ appName: "app", orderBy, order, limit: 5 });
          expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
          expect(pages.flat().map(label)).toEqual(expectedOrder(all, orderBy, order));
        });
      }
    }

    it("filters by userId", async () => {
      await seed();
      const page = await repo().listSessions({
        appName: "app",
        userId: "u2",
        orderBy: "id",
        order: "asc",
      });
      expect(page.sessions.map(label)).toEqual(["u2/s1", "u2/s2", "u2/s3", "u2/s4"]);
    });

    it("filters by status active, expired and all", async () => {
      await seed();
      await repo().expireSession(sessionKey("s1", "u1"));
      await repo().expireSession(sessionKey("s2", "u3"));
      const ids = async (status: "active" | "expired" | "all") =>
        (
          await repo().listSessions({
            appName: "app",
            status,
            orderBy: "id",
            order: "asc",
            limit: 100,
          })
        ).sessions.map(label);
      expect(await ids("expired")).toEqual(["u1/s1", "u3/s2"]);
      expect(await ids("active")).toHaveLength(10);
      expect(await ids("active")).not.toContain("u1/s1");
      expect(await ids("all")).toHaveLength(12);
      const expired = await repo().listSessions({ appName: "app", status: "expired" });
      for (const s of expired.sessions) {
        expect(s.status).toBe("expired");
        expect(typeof s.expiredAt).toBe("number");
      }
    });

    it("filters by updatedAfter and updatedBefore, both exclusive", async () => {
      const all = await seed();
      const times = [...new Set(all.map((s) => s.updatedAt))].sort((a, b) => a - b);
      const pivot = times[Math.floor(times.length / 2)] as number;
      const list = async (options: Partial<ListSessionsOptions>) =>
        (await repo().listSessions({ appName: "app", limit: 100, ...options })).sessions
          .map(label)
          .sort();
      const labels = (keep: (s: Session) => boolean) => all.filter(keep).map(label).sort();
      expect(await list({ updatedAfter: pivot })).toEqual(labels((s) => s.updatedAt > pivot));
      expect(await list({ updatedBefore: pivot })).toEqual(labels((s) => s.updatedAt < pivot));
      expect(await list({ updatedAfter: pivot - 1, updatedBefore: pivot + 1 })).toEqual(
        labels((s) => s.updatedAt === pivot),
      );
      expect(await list({ updatedAfter: pivot, updatedBefore: pivot })).toEqual([]);
    });

    it("filters by metadata with deep equality on every listed key", async () => {
      await repo().createSession(sessionKey("a"), {
        metadata: { tier: "gold", tags: ["x", "y"], n: 1 },
      });
      await repo().createSession(sessionKey("b"), {
        metadata: { tier: "gold", tags: ["y", "x"], n: 1 },
      });
      await repo().createSession(sessionKey("c"), {
        metadata: { tier: "silver", tags: ["x", "y"] },
      });
      await repo().createSession(sessionKey("d"), {
        metadata: { nested: { k: [1, { z: null }] } },
      });
      await repo().createSession(sessionKey("e"), { metadata: {} });
      const ids = async (metadata: ListSessionsOptions["metadata"]) =>
        (
          await repo().listSessions({ appName: "app", metadata, orderBy: "id", order: "asc" })
        ).sessions.map((s) => s.id);
      expect(await ids({ tier: "gold" })).toEqual(["a", "b"]);
      expect(await ids({ tags: ["x", "y"] })).toEqual(["a", "c"]);
      expect(await ids({ tier: "gold", tags: ["x", "y"] })).toEqual(["a"]);
      expect(await ids({ nested: { k: [1, { z: null }] } })).toEqual(["d"]);
      expect(await ids({ tier: "bronze" })).toEqual([]);
      expect(await ids({ n: "1" })).toEqual([]);
      expect(await ids({})).toEqual(["a", "b", "c", "d", "e"]);
    });

    it("matches a metadata null only where the key holds null, never where it is missing", async () => {
      await repo().createSession(sessionKey("with-null"), { metadata: { owner: null } });
      await repo().createSession(sessionKey("missing"), { metadata: {} });
      await repo().createSession(sessionKey("string-null"), { metadata: { owner: "null" } });
      await repo().createSession(sessionKey("false"), { metadata: { owner: false } });
      await repo().createSession(sessionKey("zero"), { metadata: { owner: 0 } });
      const ids = async (metadata: ListSessionsOptions["metadata"]) =>
        (
          await repo().listSessions({ appName: "app", metadata, orderBy: "id", order: "asc" })
        ).sessions.map((s) => s.id);
      expect(await ids({ owner: null })).toEqual(["with-null"]);
      expect(await ids({ owner: "null" })).toEqual(["string-null"]);
      expect(await ids({ owner: false })).toEqual(["false"]);
      expect(await ids({ owner: 0 })).toEqual(["zero"]);
    });

    it("lists only the given app and carries merged state", async () => {
      await repo().createSession(sessionKey("s1"), { state: { a: 1, "app:b": 2, "user:c": 3 } });
      await repo().createSession(sessionKey("s2", "u1", "other"));
      const page = await repo().listSessions({ appName: "app" });
      expect(page.sessions.map((s) => s.id)).toEqual(["s1"]);
      expect(page.sessions[0]?.state).toEqual({ a: 1, "app:b": 2, "user:c": 3 });
      expect((await repo().listSessions({ appName: "nobody" })).sessions).toEqual([]);
    });

    for (const [orderBy, order] of [
      ["id", "asc"],
      ["createdAt", "asc"],
      ["updatedAt", "desc"],
    ] as const) {
      it(`keeps a ${orderBy} ${order} cursor stable while sessions are inserted between pages`, async () => {
        const existing = new Set<string>();
        for (let i = 0; i < 12; i++) {
          const id = `m${String(i).padStart(2, "0")}`;
          await repo().createSession(sessionKey(id));
          existing.add(id);
        }
        const seen: string[] = [];
        let cursor: string | undefined;
        let inserted = 0;
        for (let guard = 0; guard < 100; guard++) {
          const page = await repo().listSessions({
            appName: "app",
            orderBy,
            order,
            limit: 4,
            cursor,
          });
          seen.push(...page.sessions.map((s) => s.id));
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
          for (const prefix of ["a", "m05x", "z"]) {
            await repo().createSession(sessionKey(`${prefix}-${inserted++}`));
          }
        }
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of existing) expect(seen).toContain(id);
        const positions = seen.filter((id) => existing.has(id));
        const all = (await repo().listSessions({ appName: "app", orderBy, order, limit: 1000 }))
          .sessions;
        expect(positions).toEqual(all.map((s) => s.id).filter((id) => existing.has(id)));
      });
    }

    it("accepts limits 1 and 1000 and defaults to 50", async () => {
      for (let i = 0; i < 3; i++) await repo().createSession(sessionKey(`s${i}`));
      expect((await repo().listSessions({ appName: "app", limit: 1 })).sessions).toHaveLength(1);
      expect((await repo().listSessions({ appName: "app", limit: 1000 })).sessions).toHaveLength(3);
    });

    for (const limit of [0, -1, 1001, 1.5]) {
      it(`rejects limit ${limit} with INVALID_ARGUMENT`, async () => {
        await expectError(
          repo().listSessions({ appName: "app", limit }),
          "INVALID_ARGUMENT",
          "options.limit",
        );
      });
    }

    it("rejects an unknown orderBy, order or status with INVALID_ARGUMENT", async () => {
      await expectError(
        repo().listSessions({ appName: "app", orderBy: "title" as SessionOrderBy }),
        "INVALID_ARGUMENT",
        "options.orderBy",
      );
      await expectError(
        repo().listSessions({ appName: "app", order: "up" as "asc" }),
        "INVALID_ARGUMENT",
        "options.order",
      );
      await expectError(
        repo().listSessions({ appName: "app", status: "deleted" as "all" }),
        "INVALID_ARGUMENT",
        "options.status",
      );
    });

    it("rejects forged, damaged and foreign cursors with INVALID_ARGUMENT", async () => {
      for (let i = 0; i < 5; i++) await repo().createSession(sessionKey(`s${i}`));
      const page = await repo().listSessions({ appName: "app", limit: 2, orderBy: "id" });
      const cursor = page.nextCursor as string;
      expect(typeof cursor).toBe("string");
      const forged = [
        "",
        "not-a-cursor",
        "sk1.",
        "sk1.%%%",
        cursor.slice(0, -3),
        Buffer.from(JSON.stringify({ id: "s1" })).toString("base64url"),
      ];
      for (const bad of forged) {
        await expectError(
          repo().listSessions({ appName: "app", limit: 2, orderBy: "id", cursor: bad }),
          "INVALID_ARGUMENT",
          "options.cursor",
        );
      }
      const foreign: Array<Partial<ListSessionsOptions>> = [
        { orderBy: "createdAt" },
        { orderBy: "id", order: "asc" },
        { orderBy: "id", userId: "u1" },
        { orderBy: "id", status: "all" },
        { orderBy: "id", metadata: { a: 1 } },
        { orderBy: "id", appName: "other" },
      ];
      for (const options of foreign) {
        await expectError(
          repo().listSessions({ appName: "app", limit: 2, ...options, cursor }),
          "INVALID_ARGUMENT",
          "options.cursor",
        );
      }
      const next = await repo().listSessions({ appName: "app", limit: 3, orderBy: "id", cursor });
      expect(next.sessions).toHaveLength(3);
    });
  });
}
