import { existsSync } from "node:fs";
import { join } from "node:path";
import type {
  BackupResult,
  IntegrityReport,
  MaintenanceResult,
  RepositoryStats,
} from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonError, runCli, runJson } from "./helpers/cli.js";
import { SEEDED, seedStore } from "./helpers/seed.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("stats, maintain, backup and check on $name", (kind) => {
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

  it("stats prints the counts as a table", async () => {
    const result = await runCli(["stats", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sessions\s+│\s+9\s/);
    expect(result.stdout).toMatch(/active sessions\s+│\s+7\s/);
    expect(result.stdout).toContain("bytes on disk");
  });

  it("stats --json prints the repository stats", async () => {
    const stats = await runJson<RepositoryStats>(["stats", "--db", db]);
    expect(stats).toMatchObject({ sessions: SEEDED.total, activeSessions: 7, events: 10 });
    expect(stats.stateKeys).toBeGreaterThanOrEqual(3);
    expect(stats.bytesOnDisk).toBeGreaterThan(0);
    expect(typeof stats.schemaVersion).toBe("number");
    expect(typeof stats.details).toBe("object");
  });

  it("maintain runs and reports what it did with sizes before and after", async () => {
    const result = await runJson<MaintenanceResult>([
      "maintain",
      "--checkpoint",
      "--analyze",
      "--db",
      db,
    ]);
    expect(Array.isArray(result.performed)).toBe(true);
    expect(typeof result.bytesBefore).toBe("number");
    expect(typeof result.bytesAfter).toBe("number");
    const text = await runCli(["maintain", "--db", db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Maintenance: .*Size .* → /);
  });

  it("backup writes a copy that opens with the same contents", async () => {
    const destination = join(dir, kind.name === "json" ? "backup-root" : "backup.db");
    const result = await runJson<BackupResult>(["backup", destination, "--db", db]);
    expect(result.destination).toBe(destination);
    expect(result.bytes).toBeGreaterThan(0);
    const copyUrl = `${db.slice(0, db.indexOf(":") + 1)}${destination}`;
    const copy = await runJson<RepositoryStats>(["stats", "--db", copyUrl]);
    expect(copy).toMatchObject({ sessions: SEEDED.total, events: 10 });
  });

  it("backup refuses an existing destination (exit 1) and a missing argument (exit 2)", async () => {
    const destination = join(dir, "taken");
    await runJson(["backup", destination, "--db", db]);
    const again = await runCli(["backup", destination, "--db", db, "--json"]);
    expect(again.code).toBe(1);
    expect(parseJsonError(again).error.code).toBe("ALREADY_EXISTS");
    expect((await runCli(["backup", "--db", db])).code).toBe(2);
    expect(existsSync(destination)).toBe(true);
  });

  it("check on a healthy store prints OK and exits 0", async () => {
    const result = await runCli(["check", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("OK");
    const report = await runJson<IntegrityReport>(["check", "--db", db]);
    expect(report).toEqual({ ok: true, problems: [] });
  });
});
