import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");
const dir = mkdtempSync(join(tmpdir(), "example-phased-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("phased-app example (built, in a child process)", () => {
  it("routes the application's writes by phase and verifies clean after the backfill", () => {
    const out = execFileSync(process.execPath, [script, dir], {
      encoding: "utf8",
      timeout: 60_000,
    });
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe("foundation      app phase foundation, write went to legacy");
    expect(lines[1]).toBe("dual-write      app phase dual-write, write went to legacy+sqlite");
    expect(lines[2]).toMatch(
      /^backfill {8}(\d+) sessions read: (\d+) written, (\d+) already current \(dual-write copied them\)$/,
    );
    const [, read, written, skipped] = /(\d+) sessions read: (\d+) written, (\d+)/.exec(lines[2]!)!;
    expect(Number(read)).toBeGreaterThanOrEqual(22); // 20 old sessions + 2 written before it
    expect(Number(written) + Number(skipped)).toBe(Number(read));
    expect(lines[3]).toMatch(/^verify {10}clean: \d+ sessions match, drift 0, failed copies 0$/);
    expect(lines[4]).toBe("target-primary  app phase target-primary, write went to legacy+sqlite");
    expect(lines[5]).toBe("target-only     app phase target-only, write went to sqlite");
    expect(lines).toHaveLength(6);
  });
});
