import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExitCode, exitCodesHelp } from "@sessionkit/core/cli";
import { afterAll, describe, expect, it } from "vitest";
import type { CliResult } from "./support/cli.js";

// Both command-line tools share one exit-code table and one way of reporting errors
// (@sessionkit/core/cli): the same condition gives the same exit code and the same output.
const MIGRATE_DIR = fileURLToPath(new URL("..", import.meta.url));
const SESSIONKIT_DIR = dirname(createRequire(import.meta.url).resolve("sessionkit/package.json"));
const TOOLS = {
  sessionkit: SESSIONKIT_DIR,
  "sessionkit-migrate": MIGRATE_DIR,
} as const;
type Tool = keyof typeof TOOLS;

/** Runs a built CLI with no SESSIONKIT_* variables inherited. */
function run(tool: Tool, args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("SESSIONKIT_")) env[name] = value;
  }
  const child = spawn(process.execPath, [join(TOOLS[tool], "dist", "bin.js"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), "sk-exit-codes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missing = `sqlite:${join(dir, "missing.db")}`;

/** The same condition, as each tool's command line. */
const MISSING_STORE: Record<Tool, string[]> = {
  sessionkit: ["stats", "--db", missing],
  "sessionkit-migrate": ["status", "--target", missing],
};

describe.each(Object.keys(TOOLS) as Tool[])("%s", (tool) => {
  it("a missing store is NOT_FOUND, exit 3: one `error:` line on stderr, no stack", async () => {
    const r = await run(tool, MISSING_STORE[tool]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.code).toBe(ExitCode.NOT_FOUND);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*\(NOT_FOUND\); /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--json: stdout stays empty, stderr gets one line { error: { code, message, remedy, exitCode } }", async () => {
    const r = await run(tool, [...MISSING_STORE[tool], "--json"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    const { error } = JSON.parse(lines[0] as string) as { error: Record<string, unknown> };
    expect(Object.keys(error).sort()).toEqual(["code", "exitCode", "message", "remedy"]);
    expect(error).toMatchObject({ code: "NOT_FOUND", exitCode: 3 });
    expect(error.message).toContain(`(NOT_FOUND); ${error.remedy}`);
  });

  it("a usage error is exit 2 in the same form, also with --json", async () => {
    for (const args of [["frobnicate"], ["--frobnicate"]]) {
      const text = await run(tool, args);
      expect(text.code, `${args}: ${text.stderr}`).toBe(2);
      expect(text.stderr).toMatch(/^error: .*\(USAGE\); run with --help for usage\n$/);
      const json = await run(tool, [...args, "--json"]);
      expect(json.code).toBe(2);
      expect(json.stdout).toBe("");
      expect(JSON.parse(json.stderr)).toEqual({
        error: {
          code: "USAGE",
          message: expect.stringContaining("(USAGE); run with --help for usage"),
          remedy: "run with --help for usage",
          exitCode: 2,
        },
      });
    }
  });

  it("--debug prints the stack and keeps the exit code", async () => {
    const r = await run(tool, [...MISSING_STORE[tool], "--debug"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: .*\(NOT_FOUND\)/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it("--version and -V print the package version, exit 0", async () => {
    const pkg = JSON.parse(readFileSync(join(TOOLS[tool], "package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-V"]) {
      const r = await run(tool, [flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    }
  });

  it("--help lists the one exit-code table", async () => {
    const r = await run(tool, ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(exitCodesHelp());
  });
});
