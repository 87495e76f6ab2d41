import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, startCli } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;
const SESSIONS = 1000;

/** stderr lines that start with `label: ` followed by a count (progress lines, not notes). */
const progressLines = (stderr: string, label: string) =>
  stderr.split("\n").filter((l) => l.startsWith(`${label}: `) && /: \d+/.test(l));

// Long steps say what they are doing (in logs: a progress line every 2 s at most), and a long
// export shows one progress bar, not a line per batch.
describe("sessionkit-migrate progress output of long steps", () => {
  let fx: Fixture;
  let target: string[];
  beforeAll(async () => {
    fx = await legacyFixture(SESSIONS, 2);
    target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "100"];
    const init = await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target);
    expect(init.code, init.stderr).toBe(0);
    expect((await cli("backfill", ...target)).code).toBe(0);
  });
  afterAll(() => fx.remove());

  it("cutover, finalize and rollback report the progress of their verify, archive and export", async () => {
    let r = await cli("cutover", ...target);
    expect(r.code, r.stderr).toBe(0);
    expect(progressLines(r.stderr, "cutover: verify")[0]).toMatch(
      new RegExp(`^cutover: verify: \\d+/${SESSIONS} sessions`),
    );

    r = await cli("finalize", ...target, "--archive", `${fx.dir}/legacy.tar.gz`);
    expect(r.code, r.stderr).toBe(0);
    expect(progressLines(r.stderr, "finalize: verify").length).toBeGreaterThan(0);
    expect(progressLines(r.stderr, "finalize: hash legacy files")[0]).toMatch(/\d+ files/);
    expect(progressLines(r.stderr, "finalize: write archive")[0]).toMatch(/\d+\/\d+ files/);
    expect(progressLines(r.stderr, "finalize: check archive")[0]).toMatch(/\d+\/\d+ files/);

    r = await cli("rollback", "--export", ...target);
    expect(r.code, r.stderr).toBe(0);
    expect(progressLines(r.stderr, "rollback: export")[0]).toMatch(
      new RegExp(`\\d+/${SESSIONS} sessions`),
    );
    expect(progressLines(r.stderr, "rollback: verify").length).toBeGreaterThan(0);

    r = await cli("rollback", ...target);
    expect(r.code, r.stderr).toBe(0);
    expect(progressLines(r.stderr, "rollback: verify").length).toBeGreaterThan(0);
  });

  it("export shows one progress bar: in logs, a line every 2 s at most, not one per batch", async () => {
    const run = startCli(["export", "--to", `json:${fx.dir}/exported`, ...target]);
    const lines: Array<{ at: number; text: string }> = [];
    let pending = "";
    run.child.stderr?.on("data", (d: Buffer) => {
      pending += String(d);
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const text of parts) if (/^export: \d+/.test(text)) lines.push({ at: Date.now(), text });
    });
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(lines.length, r.stderr).toBeGreaterThan(0);
    expect(lines[0]?.text).toMatch(new RegExp(`^export: \\d+/${SESSIONS} sessions`));
    for (let i = 1; i < lines.length; i++) {
      const gap = (lines[i]?.at ?? 0) - (lines[i - 1]?.at ?? 0);
      expect(gap, lines.map((l) => l.text).join("\n")).toBeGreaterThanOrEqual(1500);
    }
  });
});
