import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, json, startCli, startWriter } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;

// docs/migrating-from-json.md, followed literally: the target from SESSIONKIT_MIGRATE_TARGET,
// every command of "Run the migration" in order while the application writes, then "Rolling
// back" all the way down — including `rollback --export` after `finalize` — on a small store,
// once with a SQLite target and once with a libSQL (file:) target.
for (const kind of ["sqlite", "libsql"] as const) {
  describe(`the migration guide end to end (${kind} target)`, () => {
    let fx: Fixture;
    let env: Record<string, string>;
    let url: string;
    const run = (...args: string[]): Promise<CliResult> =>
      startCli([...args, "--refresh-ms", "100"], env).done;
    const ok = async (...args: string[]) => {
      const r = await run(...args, "--json");
      expect(r.code, `${args.join(" ")}: ${r.stderr}${r.stdout.slice(0, 600)}`).toBe(0);
      return json(r);
    };
    beforeAll(async () => {
      fx = await legacyFixture(50, 8);
      url = kind === "sqlite" ? `sqlite:${fx.db()}` : `file:${fx.db("target.libsql.db")}`;
      env = { SESSIONKIT_MIGRATE_TARGET: url };
    });
    afterAll(() => fx.remove());

    it("plan → init → cutover → backfill → verify → repair → cutover → finalize → rollback --export → rollback → rollback", async () => {
      const legacy = `json:${fx.legacyRoot}`;
      expect(await ok("plan", "--legacy", legacy)).toMatchObject({ sessions: 50 });
      expect(await ok("init", "--legacy", legacy)).toMatchObject({
        record: { phase: "foundation" },
      });
      const writer = await startWriter({
        legacyRoot: fx.legacyRoot,
        ...(kind === "sqlite" ? { db: fx.db() } : { libsqlUrl: url }),
        refreshMs: 100,
        seed: 3,
      });
      expect(await ok("cutover")).toMatchObject({ to: "dual-write" });
      expect(await ok("backfill")).toMatchObject({ done: true, failed: 0 });
      const activity = await writer.stop();
      expect(activity.errors).toBe(0);
      expect(await ok("verify")).toMatchObject({ ok: true });
      expect(await ok("repair")).toMatchObject({ report: { ok: true } });
      expect(await ok("cutover")).toMatchObject({ to: "target-primary" });
      const archive = `${fx.dir}/backups/legacy.tar.gz`;
      expect(await ok("finalize", "--archive", archive)).toMatchObject({
        record: { phase: "target-only", finalize: { state: "done" } },
      });
      expect(existsSync(archive)).toBe(true);
      expect(await ok("status")).toMatchObject({ record: { phase: "target-only" } });

      // Rolling back: target-only → target-primary re-creates the legacy copy from the target.
      const back = await ok("rollback", "--export");
      expect(back).toMatchObject({
        from: "target-only",
        to: "target-primary",
        checks: { verify: { ok: true } },
        record: { phase: "target-primary", legacyBackupWrites: true, legacyComplete: true },
      });
      expect((back.record as Record<string, unknown>).finalize).toBeUndefined();
      expect(await ok("verify")).toMatchObject({ ok: true });
      expect(await ok("rollback")).toMatchObject({ from: "target-primary", to: "dual-write" });
      expect(await ok("rollback")).toMatchObject({ from: "dual-write", to: "foundation" });
      const exported = await ok("export", "--to", `json:${fx.dir}/rehearsal`);
      // Exported from one consistent snapshot of the target (SQLite backup API / libSQL VACUUM INTO).
      expect(exported).toMatchObject({ verify: { ok: true } });
      const snapshot = exported.snapshot as { sessions: number } | null;
      expect(snapshot?.sessions).toBe((exported.export as { sessions: number }).sessions);
    });
  });
}
