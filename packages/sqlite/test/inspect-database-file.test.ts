import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { SCHEMA_VERSION } from "@sessionkit/sql";
import { createSqliteRepository, inspectDatabaseFile } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./temp-dir.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function dbPath(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return join(t.dir, "sessions.db");
}
const fileHash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

async function store(path: string, fullTextSearch: boolean): Promise<void> {
  const repo = createSqliteRepository({ path, fullTextSearch });
  const key = { appName: "a", userId: "u", sessionId: "s" };
  await repo.createSession(key);
  await repo.appendEvent(key, { author: "user", content: "hello" });
  await repo.close();
}

function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isSessionKitError(error), String(error)).toBe(true);
    return (error as { code: string }).code;
  }
  throw new Error("expected a SessionKitError");
}

describe("inspectDatabaseFile (never writes)", () => {
  it.each([true, false])(
    "reports a current store and its full-text setting (%s) without changing the file",
    async (fullTextSearch) => {
      const path = dbPath();
      await store(path, fullTextSearch);
      const before = fileHash(path);
      expect(inspectDatabaseFile(path)).toEqual({
        status: "current",
        schemaVersion: SCHEMA_VERSION,
        packageSchemaVersion: SCHEMA_VERSION,
        fullTextSearch,
      });
      expect(fileHash(path)).toBe(before);
    },
  );

  it("reports an empty file as fresh and leaves it empty", () => {
    const path = dbPath();
    writeFileSync(path, "");
    expect(inspectDatabaseFile(path).status).toBe("fresh");
    expect(statSync(path).size).toBe(0);
  });

  it("reports an older schema as behind without migrating it", async () => {
    const path = dbPath();
    await store(path, true);
    const db = new Database(path);
    db.exec(`DELETE FROM sessionkit_migrations WHERE version = ${SCHEMA_VERSION}`);
    db.close();
    const before = fileHash(path);
    expect(inspectDatabaseFile(path)).toMatchObject({
      status: "behind",
      schemaVersion: SCHEMA_VERSION - 1,
    });
    expect(fileHash(path)).toBe(before);
  });

  it("a missing file is NOT_FOUND and is not created; a non-database file is CORRUPT", () => {
    const path = dbPath();
    expect(thrownCode(() => inspectDatabaseFile(path))).toBe("NOT_FOUND");
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, "this is not a database, just some text that is long enough ".repeat(20));
    expect(thrownCode(() => inspectDatabaseFile(path))).toBe("CORRUPT");
  });
});
