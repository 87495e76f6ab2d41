import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { claimDatabaseFile } from "@sessionkit/sql";
import { afterEach, describe, expect, it } from "vitest";

const ctx = { adapter: "test", operation: "open" };
const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), "sk-claim-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("claimDatabaseFile", () => {
  it("lets one engine open a file many times and refuses a second engine until released", () => {
    const path = join(dir(), "a.db");
    const first = claimDatabaseFile(path, "better-sqlite3", ctx);
    const second = claimDatabaseFile(path, "better-sqlite3", ctx);
    let error: unknown;
    try {
      claimDatabaseFile(path, "libsql", ctx);
    } catch (e) {
      error = e;
    }
    expect(isSessionKitError(error, "UNSUPPORTED")).toBe(true);
    expect((error as Error).message).toContain(
      "already open in this process through better-sqlite3",
    );
    first();
    first(); // releasing twice is harmless
    expect(() => claimDatabaseFile(path, "libsql", ctx)).toThrow(/better-sqlite3/);
    second();
    const other = claimDatabaseFile(path, "libsql", ctx);
    other();
  });

  it("sees through a symlinked directory", () => {
    const real = dir();
    const link = join(dir(), "link");
    symlinkSync(real, link);
    const release = claimDatabaseFile(join(real, "b.db"), "better-sqlite3", ctx);
    expect(() => claimDatabaseFile(join(link, "b.db"), "libsql", ctx)).toThrow(/UNSUPPORTED/);
    release();
  });
});
