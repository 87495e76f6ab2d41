import type { PurgeResult, SessionPage } from "@sessionkit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, runJson } from "./helpers/cli.js";
import { seedStore } from "./helpers/seed.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("cleanup and purge on $name", (kind) => {
  let remove: () => Promise<void>;
  let db: string;
  beforeEach(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    db = kind.url(temp.dir);
    await withRepo(kind, db, (repo) => seedStore(repo));
  });
  afterEach(async () => {
    await remove();
  });

  const expiredIds = async () =>
    (
      await runJson<SessionPage>([
        "sessions",
        "list",
        "--app",
        "support",
        "--status",
        "expired",
        "--db",
        db,
      ])
    ).sessions
      .map((s) => s.id)
      .sort();

  it("cleanup expires sessions idle longer than --max-age-hours and prints the count", async () => {
    const result = await runCli(["cleanup", "--max-age-hours", "24", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Expired 1 session idle since \d{4}-\d\d-\d\dT/);
    expect(await expiredIds()).toEqual(["s-expired-new", "s-expired-old", "s-idle"]);
  });

  it("cleanup is idempotent (safe from cron) and --json prints { expired, idleSince, appName }", async () => {
    const first = await runJson<{ expired: number; idleSince: number; appName: string | null }>([
      "cleanup",
      "--max-age-hours",
      "48",
      "--db",
      db,
    ]);
    expect(first.expired).toBe(1);
    expect(first.appName).toBeNull();
    expect(first.idleSince).toBeLessThan(Date.now() - 47 * 3_600_000);
    const second = await runJson<{ expired: number }>([
      "cleanup",
      "--max-age-hours",
      "48",
      "--db",
      db,
    ]);
    expect(second.expired).toBe(0);
  });

  it("cleanup --app limits the scope; SESSIONKIT_APP is the default", async () => {
    const other = await runJson<{ expired: number; appName: string }>(
      ["cleanup", "--max-age-hours", "24", "--db", db],
      { env: { SESSIONKIT_APP: "billing" } },
    );
    expect(other).toMatchObject({ expired: 0, appName: "billing" });
  });

  it("cleanup without --max-age-hours, or with a non-positive one, is a usage error", async () => {
    expect((await runCli(["cleanup", "--db", db])).code).toBe(2);
    expect((await runCli(["cleanup", "--max-age-hours", "0", "--db", db])).code).toBe(2);
    expect((await runCli(["cleanup", "--max-age-hours", "soon", "--db", db])).code).toBe(2);
  });

  it("purge --expired-before deletes only sessions expired before that time", async () => {
    const result = await runJson<PurgeResult>([
      "purge",
      "--expired-before",
      "2021-01-01",
      "--db",
      db,
    ]);
    expect(result).toEqual({ deleted: 1, done: true });
    expect(await expiredIds()).toEqual(["s-expired-new"]);
  });

  it("purge deletes every expired session in batches and prints the count", async () => {
    const result = await runCli(["purge", "--batch", "1", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("Purged 2 expired sessions.");
    expect(await expiredIds()).toEqual([]);
    const again = await runJson<PurgeResult>(["purge", "--db", db]);
    expect(again).toEqual({ deleted: 0, done: true });
  });

  it("purge with a bad --expired-before or --batch is a usage error", async () => {
    expect((await runCli(["purge", "--expired-before", "yesterday", "--db", db])).code).toBe(2);
    expect((await runCli(["purge", "--batch", "0", "--db", db])).code).toBe(2);
  });
});
