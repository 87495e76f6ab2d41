import { ExitCode } from "@sessionkit/core/cli";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;

interface UserRow {
  appName: string;
  userId: string;
}

// What the reports say must match what is there and what a command would do.
describe("sessionkit-migrate reports when sessions are missing in the target", () => {
  let fx: Fixture;
  let target: string[];
  const MISSING = 30;
  beforeAll(async () => {
    fx = await legacyFixture(80, 5);
    target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "100"];
    expect(
      (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
    ).toBe(0);
    expect((await cli("backfill", ...target)).code).toBe(0);
    // Lose sessions of many users in the target (every other session, so users interleave).
    const sqlite = createSqliteRepository({ path: fx.db() });
    const keys = await sqlite.scanSessions({ limit: 1000 });
    for (let i = 0; i < MISSING; i++) await sqlite.deleteSession(keys[i * 2]!);
    await sqlite.close();
  });
  afterAll(() => fx.remove());

  it("verify lists each user once, with the missing sessions counted per user", async () => {
    let r = await cli("verify", ...target, "--json");
    expect(r.code).toBe(ExitCode.MISMATCH);
    const report = json<{
      users: Array<UserRow & { mismatches: number }>;
      totals: { mismatched: number };
    }>(r);
    expect(report.totals.mismatched).toBe(MISSING);
    const names = report.users.map((u) => `${u.appName}/${u.userId}`);
    expect(names.length).toBe(new Set(names).size);
    expect(report.users.reduce((n, u) => n + u.mismatches, 0)).toBe(MISSING);

    r = await cli("verify", ...target, "--users", "1000");
    expect(r.code).toBe(ExitCode.MISMATCH);
    const differ = report.users.filter((u) => u.mismatches > 0).length;
    expect(r.stdout).toContain(`per user (${names.length} users, ${differ} differ)`);
  });

  it("repair --dry-run reports the sessions it would copy, and repair then copies exactly those", async () => {
    let r = await cli("repair", "--dry-run", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ dryRun: true, sessionsCopied: MISSING, sessionsDeleted: 0 });
    r = await cli("repair", "--dry-run", ...target);
    expect(r.stdout).toContain(`would copy ${MISSING} sessions`);
    r = await cli("repair", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ sessionsCopied: MISSING, report: { ok: true } });
  });
});
