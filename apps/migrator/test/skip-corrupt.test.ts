import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "@sessionkit/core/cli";
import { afterEach, describe, expect, it } from "vitest";
import { cli, json, jsonError } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;
const fixtures: Fixture[] = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.remove();
});

/** Every session file of a legacy store, sorted. */
function sessionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...sessionFiles(full));
    else if (full.includes("/sessions/") && e.name.endsWith(".json")) out.push(full);
  }
  return out.sort();
}

interface Problem {
  key: { sessionId: string };
  code: string;
  message: string;
  file?: string;
}

// One truncated legacy session file must not stop the whole backfill.
describe("sessionkit-migrate backfill --skip-corrupt", () => {
  it("copies everything else, lists each damaged file with the reason, exits 5 (PARTIAL); verify counts them", async () => {
    const fx = await legacyFixture(60, 5);
    fixtures.push(fx);
    const damaged = sessionFiles(fx.legacyRoot).filter((_, i) => i === 7 || i === 30);
    for (const file of damaged) writeFileSync(file, readFileSync(file, "utf8").slice(0, 120));
    const target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "100"];
    expect(
      (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
    ).toBe(0);

    // Without the flag: stops at the first damaged file, names it and suggests the flag.
    let r = await cli("backfill", ...target);
    expect(r.code).toBe(ExitCode.INTEGRITY);
    expect(r.stderr).toContain("(CORRUPT)");
    expect(r.stderr).toContain(damaged[0]);
    expect(r.stderr).toContain("--skip-corrupt");

    r = await cli("backfill", ...target, "--skip-corrupt", "--json");
    expect(r.code, r.stderr).toBe(ExitCode.PARTIAL);
    expect(jsonError(r).error).toMatchObject({ code: "PARTIAL", exitCode: ExitCode.PARTIAL });
    const result = json<{
      done: boolean;
      sessions: number;
      corrupt: number;
      skippedCorrupt: Problem[];
    }>(r);
    expect(result).toMatchObject({ done: true, sessions: 58, corrupt: 2 });
    expect(result.skippedCorrupt.map((p) => p.code)).toEqual(["CORRUPT", "CORRUPT"]);
    for (const [i, p] of result.skippedCorrupt.entries()) {
      expect(p.message).toContain(damaged[i]);
      expect(p.message).toContain("not valid JSON");
    }

    r = await cli("verify", ...target, "--json");
    expect(r.code).toBe(ExitCode.MISMATCH);
    const report = json<{ ok: boolean; totals: Record<string, unknown>; unreadable: Problem[] }>(r);
    expect(report.totals).toMatchObject({ unreadable: 2, mismatched: 0, matched: 58 });
    expect(report.unreadable).toHaveLength(2);
    r = await cli("verify", ...target);
    expect(r.stdout).toContain("2 legacy sessions unreadable (damaged files)");
    const line = r.stdout.split("\n").find((l) => l.includes(damaged[1] as string));
    expect(line).toMatch(/✗ unreadable in legacy .*not valid JSON/);
    expect(r.stderr).toContain("2 unreadable legacy sessions");
  });
});
