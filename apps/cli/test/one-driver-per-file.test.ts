import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterEach, describe, expect, it } from "vitest";

// DESIGN §3: one database file is never opened through both better-sqlite3 and libSQL in one
// process. This app depends on both adapters, so the guard is exercised here.
describe("one SQLite library per file per process", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("refuses libSQL on a file better-sqlite3 holds, and allows it once released", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sk-one-driver-"));
    dirs.push(dir);
    const path = join(dir, "sessions.db");
    const sqlite = createSqliteRepository({ path });
    await sqlite.createSession({ appName: "a", userId: "u", sessionId: "s" });
    let error: unknown;
    try {
      const libsql = createLibsqlRepository({ url: `file:${path}` });
      await libsql.getSession({ appName: "a", userId: "u", sessionId: "s" });
      await libsql.close();
    } catch (e) {
      error = e;
    }
    expect(isSessionKitError(error, "UNSUPPORTED")).toBe(true);
    expect((error as Error).message).toMatch(/already open in this process through better-sqlite3/);
    await sqlite.close();

    const libsql = createLibsqlRepository({ url: `file:${path}` });
    expect((await libsql.getSession({ appName: "a", userId: "u", sessionId: "s" }))?.id).toBe("s");
    expect(() => createSqliteRepository({ path })).toThrow(
      /already open in this process through libsql/,
    );
    await libsql.close();
  });
});
