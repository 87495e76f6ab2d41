import { join } from "node:path";
import type { Session, SessionPage } from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonError, runCli, runJson } from "./helpers/cli.js";
import { SEEDED, seedStore } from "./helpers/seed.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("sessions create and list on $name", (kind) => {
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

    it("creates the store when it does not exist yet (the only command that does)", async () => {
      const fresh = kind.url(join(dir, "fresh"));
      expect((await runCli(["stats", "--db", fresh])).code).toBe(3);
      const created = await runCli([
        "sessions",
        "create",
        "--app",
        "a",
        "--user",
        "u",
        "--db",
        fresh,
      ]);
      expect(created.code).toBe(0);
      const page = await runJson<SessionPage>(["sessions", "list", "--app", "a", "--db", fresh]);
      expect(page.sessions.map((s) => s.id)).toEqual([created.stdout.trim()]);
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
});
