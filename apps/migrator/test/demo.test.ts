import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const DEMO = fileURLToPath(new URL("../dist/demo.js", import.meta.url));

it("the demo migrates with a background writer, verifies clean and operates the result", async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [DEMO], {
    env: { ...process.env, DEMO_SESSIONS: "150", DEMO_EVENTS_PER_SESSION: "6", NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  const all = stdout + stderr;
  expect(stdout).toMatch(/verify: clean — (\d+) sessions match, 0 mismatched/);
  expect(stdout).toMatch(/timings: generate .* backfill .* finalize .* sessionkit/);
  // The background writer really wrote during the backfill, through the phased repository.
  expect(all).toMatch(/background writer: [1-9]\d* sessions created/);
  expect(all).toContain("finalized: phase target-only");
  // sessionkit stats, history and search ran against the migrated store.
  expect(all).toContain("$ sessionkit --db sqlite:");
  expect(all).toMatch(/│ events\s+│ \d+/);
  const dir = /everything is in (\S+)/.exec(stdout)?.[1];
  expect(dir && existsSync(dir)).toBe(true);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 150_000);
