import type { Session } from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonError, runCli, runJson } from "./helpers/cli.js";
import { seedStore } from "./helpers/seed.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("sessions show, expire and delete on $name", (kind) => {
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
