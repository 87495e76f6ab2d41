import type { PurgeResult, SessionPage } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { runCli, runJson } from "./helpers/cli.js";
import { useSeededStore } from "./helpers/seeded-store.js";
import { STORE_KINDS } from "./helpers/stores.js";

describe.each(STORE_KINDS)("cleanup and purge on $name", (kind) => {
  const store = useSeededStore(kind);

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
        store(),
      ])
    ).sessions
      .map((s) => s.id)
      .sort();

  it("cleanup expires sessions idle longer than --max-age-hours and prints the count", async () => {
    const result = await runCli(["cleanup", "--max-age-hours", "24", "--yes", "--db", store()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Expired 1 session idle since \d{4}-\d\d-\d\dT/);
    expect(await expiredIds()).toEqual(["s-expired-new", "s-expired-old", "s-idle"]);
  });

  it("cleanup is idempotent (safe from cron) and --json prints { expired, idleSince, appName }", async () => {
    const first = await runJson<{ expired: number; idleSince: number; appName: string | null }>([
      "cleanup",
      "--max-age-hours",
      "48",
      "--yes",
      "--db",
      store(),
    ]);
    expect(first.expired).toBe(1);
    expect(first.appName).toBeNull();
    expect(first.idleSince).toBeLessThan(Date.now() - 47 * 3_600_000);
    const second = await runJson<{ expired: number }>([
      "cleanup",
      "--max-age-hours",
      "48",
      "--yes",
      "--db",
      store(),
    ]);
    expect(second.expired).toBe(0);
  });

  it("cleanup --app limits the scope; SESSIONKIT_APP is the default", async () => {
    const other = await runJson<{ expired: number; appName: string }>(
      ["cleanup", "--max-age-hours", "24", "--yes", "--db", store()],
      { env: { SESSIONKIT_APP: "billing" } },
    );
    expect(other).toMatchObject({ expired: 0, appName: "billing" });
  });

  it("cleanup without --max-age-hours, or with a non-positive one, is a usage error", async () => {
    expect((await runCli(["cleanup", "--db", store()])).code).toBe(2);
    expect((await runCli(["cleanup", "--max-age-hours", "0", "--db", store()])).code).toBe(2);
    expect((await runCli(["cleanup", "--max-age-hours", "soon", "--db", store()])).code).toBe(2);
  });

  it("purge --expired-before deletes only sessions expired before that time", async () => {
    const result = await runJson<PurgeResult>([
      "purge",
      "--expired-before",
      "2021-01-01",
      "--yes",
      "--db",
      store(),
    ]);
    expect(result).toEqual({ deleted: 1, done: true });
    expect(await expiredIds()).toEqual(["s-expired-new"]);
  });

  it("purge deletes every expired session in batches and prints the count", async () => {
    const result = await runCli(["purge", "--batch", "1", "--yes", "--db", store()]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("Purged 2 expired sessions.");
    expect(await expiredIds()).toEqual([]);
    const again = await runJson<PurgeResult>(["purge", "--yes", "--db", store()]);
    expect(again).toEqual({ deleted: 0, done: true });
  });

  it("purge with a bad --expired-before or --batch is a usage error", async () => {
    expect((await runCli(["purge", "--expired-before", "yesterday", "--db", store()])).code).toBe(
      2,
    );
    expect((await runCli(["purge", "--batch", "0", "--db", store()])).code).toBe(2);
  });
});
