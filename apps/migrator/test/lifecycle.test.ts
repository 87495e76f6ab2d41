import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { ExitCode } from "@sessionkit/core/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json, startWriter } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;

// The whole migration, end to end, with the built CLI as a child process and an application
// stand-in writing through the phased repository the whole time.
describe("sessionkit-migrate: full migration under live writes", () => {
  let fx: Fixture;
  let target: string[];
  beforeAll(async () => {
    fx = await legacyFixture(150, 20);
    target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "200"];
  });
  afterAll(() => fx.remove());

  it("init → dual-write → backfill while the app writes → verify clean → cutover → finalize", async () => {
    let r = await cli("init", "--legacy", `json:${fx.legacyRoot}`, ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).record).toMatchObject({ phase: "foundation" });

    // Backfill refuses to run before dual-write (exit 8: refused by a gate).
    r = await cli("backfill", ...target);
    expect(r.code).toBe(ExitCode.REFUSED);

    const writer = await startWriter({ legacyRoot: fx.legacyRoot, db: fx.db(), refreshMs: 200 });
    r = await cli("cutover", "--to", "dual-write", ...target);
    expect(r.code, r.stderr).toBe(0);

    r = await cli(
      "backfill",
      ...target,
      "--batch-size",
      "10",
      "--max-events-per-second",
      "3000",
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const bf = json(r);
    expect(bf).toMatchObject({ done: true, failed: 0 });
    expect(bf.sessions as number).toBeGreaterThanOrEqual(150);

    const activity = await writer.stop();
    expect(activity.errors).toBe(0);
    expect(activity.phases).toContain("dual-write");
    expect((activity.appended as number) + (activity.created as number)).toBeGreaterThan(10);

    r = await cli("verify", ...target, "--json");
    expect(r.code, r.stdout).toBe(0);
    const report = json(r);
    expect(report.ok).toBe(true);
    expect((report.totals as { legacy: { events: number } }).legacy.events).toBeGreaterThan(3000);

    r = await cli("status", ...target, "--json");
    expect(json(r)).toMatchObject({
      record: { phase: "dual-write" },
      drift: { target: 0, legacy: 0 },
    });

    r = await cli("cutover", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ to: "target-primary", checks: { verify: { ok: true } } });

    const archive = `${fx.dir}/legacy.tar.gz`;
    r = await cli("finalize", ...target, "--archive", archive, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      finalized: true,
      record: { phase: "target-only", finalize: { state: "done" } },
    });
    expect(existsSync(archive)).toBe(true);
    const manifest = JSON.parse(readFileSync(`${archive}.manifest.json`, "utf8"));
    expect(manifest.files.length).toBeGreaterThan(150);
    expect(manifest.archiveSha256).toBe(
      createHash("sha256").update(readFileSync(archive)).digest("hex"),
    );
    const marker = manifest.files.find(
      (f: { path: string }) => f.path === "legacy/sessionkit.json",
    );
    expect(marker.sha256).toBe(
      createHash("sha256")
        .update(readFileSync(`${fx.legacyRoot}/sessionkit.json`))
        .digest("hex"),
    );

    // Finalize again: nothing to do.
    r = await cli("finalize", ...target, "--json");
    expect(json(r)).toMatchObject({ alreadyFinalized: true });
  });
});
