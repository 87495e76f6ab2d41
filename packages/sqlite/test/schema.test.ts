import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { migrationChecksum, migrations, SCHEMA_VERSION } from "@sessionkit/sql";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./temp-dir.js";

const key = { appName: "app", userId: "u1", sessionId: "s1" };
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

async function expectCode(promise: Promise<unknown>, code: string, ...fragments: string[]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isSessionKitError(error), String(error)).toBe(true);
  expect((error as Error & { code: string }).code).toBe(code);
  for (const f of fragments) expect((error as Error).message).toContain(f);
  return error as Error;
}

describe("schema and migrations", () => {
  it("records every migration with its checksum on a fresh file", async () => {
    const path = dbPath();
    const repo = createSqliteRepository({ path });
    await repo.createSession(key);
    await repo.close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare("SELECT version, name, checksum FROM sessionkit_migrations").all();
    db.close();
    expect(rows).toEqual(
      migrations.map((m) => ({ version: m.version, name: m.name, checksum: migrationChecksum(m) })),
    );
    expect((await createSqliteRepository({ path }).stats()).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("refuses an edited migration with SCHEMA and leaves the file alone", async () => {
    const path = dbPath();
    const repo = createSqliteRepository({ path });
    await repo.createSession(key);
    await repo.close();
    const db = new Database(path);
    db.prepare("UPDATE sessionkit_migrations SET checksum = 'edited' WHERE version = 1").run();
    db.close();
    const before = fileHash(path);
    const again = createSqliteRepository({ path });
    await expectCode(again.getSession(key), "SCHEMA", "was edited", path);
    await again.close();
    expect(fileHash(path)).toBe(before);
  });

  it("refuses a schema newer than the package with SCHEMA naming both versions", async () => {
    const path = dbPath();
    const repo = createSqliteRepository({ path });
    await repo.createSession(key);
    await repo.close();
    const db = new Database(path);
    db.prepare(
      "INSERT INTO sessionkit_migrations (version, name, checksum, applied_at) VALUES (?, 'future', 'x', 0)",
    ).run(SCHEMA_VERSION + 1);
    db.close();
    const again = createSqliteRepository({ path });
    await expectCode(
      again.getSession(key),
      "SCHEMA",
      `version ${SCHEMA_VERSION + 1}`,
      `version ${SCHEMA_VERSION}`,
    );
    await again.close();
  });

  it("refuses a SQLite file of another application with SCHEMA, never modifying it", async () => {
    const path = dbPath();
    const db = new Database(path);
    db.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x')",
    );
    db.close();
    const before = fileHash(path);
    const repo = createSqliteRepository({ path });
    await expectCode(repo.createSession(key), "SCHEMA", "not a sessionkit database", path);
    await repo.close();
    expect(fileHash(path)).toBe(before);
  });

  it("reports a file that is not a database as CORRUPT with its path, never modifying it", async () => {
    const path = dbPath();
    writeFileSync(path, "this is not a database, just some text ".repeat(200));
    const before = fileHash(path);
    const repo = createSqliteRepository({ path });
    const error = await expectCode(repo.getSession(key), "CORRUPT", path);
    expect((error as Error & { cause?: unknown }).cause).toBeDefined();
    await repo.close();
    expect(fileHash(path)).toBe(before);
  });

  it("a warm open checks the schema with one read", async () => {
    const path = dbPath();
    const repo = createSqliteRepository({ path });
    await repo.createSession(key);
    await repo.close();
    const db = new Database(path);
    const { BetterSqliteDriver } = await import("@sessionkit/sqlite");
    const { inspectSchema } = await import("@sessionkit/sql");
    const { driveSync } = await import("@sessionkit/sql/driver");
    const driver = new BetterSqliteDriver(db);
    let requests = 0;
    const counting = {
      execute: (r: Parameters<typeof driver.execute>[0]) => {
        requests++;
        return driver.execute(r);
      },
    };
    const state = driveSync(inspectSchema({ adapter: "sqlite", location: path }), counting);
    db.close();
    expect(state).toMatchObject({
      status: "current",
      appliedVersion: SCHEMA_VERSION,
      fullText: true,
    });
    expect(requests).toBe(1);
  });
});
