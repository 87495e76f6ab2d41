import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonError, runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/temp-dir.js";

describe("usage errors and missing stores", () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterAll(async () => {
    await remove();
  });

  it("--help lists every command and the exit codes, exit 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const name of [
      "sessions",
      "history",
      "cleanup",
      "purge",
      "search",
      "stats",
      "maintain",
      "backup",
      "check",
    ]) {
      expect(result.stdout).toContain(name);
    }
    expect(result.stdout).toContain("Exit codes:");
  });

  it("--version prints the version, exit 0", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("global options work before the command as well as after it", async () => {
    const result = await runCli([
      "--db",
      "memory:",
      "--json",
      "sessions",
      "create",
      "--app",
      "a",
      "--user",
      "u",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ appName: "a", userId: "u", revision: 1 });
  });

  it("an unknown command is a one-line usage error, exit 2", async () => {
    const result = await runCli(["sesions", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("(USAGE)");
    expect(result.stderr).toContain("--help");
  });

  it("a bad option value is a usage error naming the option, exit 2", async () => {
    const result = await runCli([
      "sessions",
      "list",
      "--app",
      "a",
      "--limit",
      "-3",
      "--db",
      "memory:",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--limit");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a missing required argument is a usage error, exit 2", async () => {
    const result = await runCli(["history", "--db", "memory:"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'id'");
  });

  it("--state that is not a JSON object is a usage error, exit 2", async () => {
    const result = await runCli([
      "sessions",
      "create",
      "--app",
      "a",
      "--user",
      "u",
      "--state",
      "[1]",
      "--db",
      "memory:",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("JSON object");
  });

  it("no store is a usage error saying to pass --db or set SESSIONKIT_URL", async () => {
    const result = await runCli(["stats"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("SESSIONKIT_URL");
  });

  it("an unknown URL scheme is a usage error", async () => {
    const result = await runCli(["stats", "--db", "mysql://localhost/x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not a store URL");
  });

  it("usage errors with --json are one JSON line on stderr and nothing on stdout", async () => {
    const result = await runCli(["sessions", "list", "--limit", "x", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const { error } = parseJsonError(result);
    expect(error).toMatchObject({ code: "USAGE", exitCode: 2 });
    expect(error.message).toContain("--limit");
  });

  it.each([
    ["sqlite", (d: string) => `sqlite:${join(d, "missing.db")}`],
    ["libsql file", (d: string) => `file:${join(d, "missing.db")}`],
    ["json", (d: string) => `json:${join(d, "missing-root")}`],
  ])("a missing %s store is NOT_FOUND (exit 3) and is not created", async (_name, url) => {
    const db = url(dir);
    for (const args of [
      ["stats"],
      ["sessions", "list", "--app", "a"],
      ["check"],
      ["cleanup", "--max-age-hours", "1"],
    ]) {
      const result = await runCli([...args, "--db", db]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("(NOT_FOUND)");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    const { existsSync } = await import("node:fs");
    expect(existsSync(db.slice(db.indexOf(":") + 1))).toBe(false);
  });

  it("a json: root without sessionkit.json is NOT_FOUND", async () => {
    const root = join(dir, "not-a-store");
    await mkdir(root);
    await writeFile(join(root, "notes.txt"), "hello");
    const result = await runCli(["stats", "--json"], { env: { SESSIONKIT_URL: `json:${root}` } });
    expect(result.code).toBe(3);
    expect(parseJsonError(result).error).toMatchObject({ code: "NOT_FOUND", exitCode: 3 });
    expect(parseJsonError(result).error.message).toContain("sessionkit.json");
  });

  it("--debug adds the stack trace; without it there is none", async () => {
    const db = `sqlite:${join(dir, "missing.db")}`;
    const plain = await runCli(["stats", "--db", db]);
    const debug = await runCli(["stats", "--db", db, "--debug"]);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(debug.code).toBe(3);
  });
});
