import type { Session, SessionPage } from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonError, runCli, runJson } from "./helpers/cli.js";
import { SEEDED, seedStore } from "./helpers/seed.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("sessions commands on $name", (kind) => {
  let dir: string;
  let remove: () => Promise<void>;
  let db: string;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    db = kind.url(dir);
    await withRepo(kind, db, (repo) => seedStore(repo));
  });
  afterAll(async () => {
    await remove();
  });

  describe("create", () => {
    it("prints only the new id, and the session exists", async () => {
      const result = await runCli([
        "sessions",
        "create",
        "--app",
        "support",
        "--user",
        "dave",
        "--db",
        db,
      ]);
      expect(result.code).toBe(0);
      const id = result.stdout.trim();
      expect(id).toMatch(/^\S+$/);
      const shown = await runJson<Session>(["sessions", "show", id, "--db", db]);
      expect(shown).toMatchObject({
        id,
        userId: "dave",
        status: "active",
        revision: 1,
        lastSeq: 0,
      });
    });

    it("--json prints the session with state and metadata; app/user come from the environment", async () => {
      const session = await runJson<Session>(
        [
          "sessions",
          "create",
          "--id",
          "from-env",
          "--state",
          '{"step":1,"user:tier":"gold"}',
          "--metadata",
          '{"source":"cli"}',
        ],
        { env: { SESSIONKIT_URL: db, SESSIONKIT_APP: "support", SESSIONKIT_USER: "erin" } },
      );
      expect(session).toMatchObject({
        appName: "support",
        userId: "erin",
        id: "from-env",
        state: { step: 1, "user:tier": "gold" },
        metadata: { source: "cli" },
        status: "active",
        expiredAt: null,
        revision: 1,
        lastSeq: 0,
      });
      expect(typeof session.createdAt).toBe("number");
    });

    it("an id that is taken is ALREADY_EXISTS, exit 1", async () => {
      const result = await runCli([
        "sessions",
        "create",
        "--app",
        "support",
        "--user",
        "alice",
        "--id",
        "s-invoice",
        "--db",
        db,
        "--json",
      ]);
      expect(result.code).toBe(1);
      expect(parseJsonError(result).error.code).toBe("ALREADY_EXISTS");
    });

    it("without --user (and no SESSIONKIT_USER) is a usage error", async () => {
      const result = await runCli(["sessions", "create", "--app", "support", "--db", db]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("SESSIONKIT_USER");
    });
  });

  describe("list", () => {
    it("prints a table of the app's active sessions with relative times", async () => {
      const result = await runCli([
        "sessions",
        "list",
        "--app",
        "support",
        "--user",
        "alice",
        "--db",
        db,
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/id\s+│\s+user\s+│\s+status/);
      expect(result.stdout).toContain("s-invoice");
      expect(result.stdout).toMatch(/ago|now/);
      expect(result.stdout).not.toContain("s-refund");
      expect(result.stdout).not.toContain("\u001b[");
    });

    it("--json prints { sessions, nextCursor }; --cursor pages through without repeats", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const args = [
          "sessions",
          "list",
          "--app",
          "support",
          "--status",
          "all",
          "--limit",
          "3",
          "--db",
          db,
        ];
        const page: SessionPage = await runJson<SessionPage>(
          cursor ? [...args, "--cursor", cursor] : args,
        );
        expect(page.sessions.length).toBeLessThanOrEqual(3);
        for (const session of page.sessions) seen.push(`${session.userId}/${session.id}`);
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of [...SEEDED.activeInSupport, ...SEEDED.expiredInSupport]) {
        expect(seen.some((entry) => entry.endsWith(`/${id}`))).toBe(true);
      }
    });

    it("--status expired lists only expired sessions", async () => {
      const page = await runJson<SessionPage>([
        "sessions",
        "list",
        "--app",
        "support",
        "--status",
        "expired",
        "--db",
        db,
      ]);
      expect(page.sessions.map((s) => s.id).sort()).toEqual([...SEEDED.expiredInSupport].sort());
      expect(page.sessions.every((s) => s.status === "expired")).toBe(true);
    });

    it("a bad --status or a forged --cursor is a usage error, exit 2", async () => {
      const status = await runCli([
        "sessions",
        "list",
        "--app",
        "support",
        "--status",
        "old",
        "--db",
        db,
      ]);
      expect(status.code).toBe(2);
      const cursor = await runCli([
        "sessions",
        "list",
        "--app",
        "support",
        "--cursor",
        "forged",
        "--db",
        db,
        "--json",
      ]);
      expect(cursor.code).toBe(2);
      expect(parseJsonError(cursor).error.code).toBe("INVALID_ARGUMENT");
    });
  });

  describe("show", () => {
    it("shows one session with merged state and metadata as a record", async () => {
      const result = await runCli(["sessions", "show", "s-invoice", "--db", db]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("alice");
      expect(result.stdout).toContain('"topic": "billing"');
      expect(result.stdout).toContain('"channel": "web"');
    });

    it("--json prints the session record (merged state, no events)", async () => {
      const session = await runJson<Session>(["sessions", "show", "s-invoice", "--db", db]);
      expect(session).toMatchObject({
        appName: "support",
        userId: "alice",
        id: "s-invoice",
        state: { topic: "billing", "app:region": "eu", "user:plan": "pro" },
        metadata: { channel: "web" },
        lastSeq: 3,
        revision: 4,
      });
      expect(session).not.toHaveProperty("events");
    });

    it("shows expired sessions too", async () => {
      const session = await runJson<Session>(["sessions", "show", "s-expired-old", "--db", db]);
      expect(session.status).toBe("expired");
      expect(session.expiredAt).toBe(Date.UTC(2020, 0, 1));
    });

    it("an unknown id is NOT_FOUND, exit 3", async () => {
      const result = await runCli(["sessions", "show", "nope", "--db", db]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("(NOT_FOUND)");
      const scoped = await runCli([
        "sessions",
        "show",
        "nope",
        "--app",
        "support",
        "--user",
        "alice",
        "--db",
        db,
      ]);
      expect(scoped.code).toBe(3);
    });

    it("an id owned by two users is AMBIGUOUS (exit 2) until --user says which", async () => {
      const result = await runCli(["sessions", "show", "dup", "--db", db, "--json"]);
      expect(result.code).toBe(2);
      expect(parseJsonError(result).error.code).toBe("AMBIGUOUS");
      expect(parseJsonError(result).error.message).toContain("support/alice");
      const bob = await runJson<Session>(["sessions", "show", "dup", "--user", "bob", "--db", db]);
      expect(bob.userId).toBe("bob");
    });
  });

  describe("expire and delete", () => {
    it("expire soft-deletes; expiring again reports already expired (exit 0)", async () => {
      await runJson([
        "sessions",
        "create",
        "--app",
        "support",
        "--user",
        "frank",
        "--id",
        "to-expire",
        "--db",
        db,
      ]);
      const first = await runJson<{ expired: boolean; key: object }>([
        "sessions",
        "expire",
        "to-expire",
        "--db",
        db,
      ]);
      expect(first).toEqual({
        expired: true,
        key: { appName: "support", userId: "frank", sessionId: "to-expire" },
      });
      const again = await runCli(["sessions", "expire", "to-expire", "--db", db]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("already expired");
      const shown = await runJson<Session>(["sessions", "show", "to-expire", "--db", db]);
      expect(shown.status).toBe("expired");
    });

    it("delete removes the session; deleting it again is NOT_FOUND, exit 3", async () => {
      await runJson([
        "sessions",
        "create",
        "--app",
        "support",
        "--user",
        "frank",
        "--id",
        "to-delete",
        "--db",
        db,
      ]);
      const deleted = await runJson<{ deleted: boolean }>([
        "sessions",
        "delete",
        "to-delete",
        "--db",
        db,
      ]);
      expect(deleted).toEqual({
        deleted: true,
        key: { appName: "support", userId: "frank", sessionId: "to-delete" },
      });
      const again = await runCli([
        "sessions",
        "delete",
        "to-delete",
        "--app",
        "support",
        "--user",
        "frank",
        "--db",
        db,
      ]);
      expect(again.code).toBe(3);
      expect((await runCli(["sessions", "show", "to-delete", "--db", db])).code).toBe(3);
    });

    it("expire of a missing session is NOT_FOUND, exit 3", async () => {
      const result = await runCli([
        "sessions",
        "expire",
        "ghost",
        "--app",
        "support",
        "--user",
        "frank",
        "--db",
        db,
        "--json",
      ]);
      expect(result.code).toBe(3);
      expect(parseJsonError(result).error.code).toBe("NOT_FOUND");
    });
  });
});
