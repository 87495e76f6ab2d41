import { migrationChecksum, migrations } from "@sessionkit/sql";
import Database from "better-sqlite3";

/**
 * Writes a store at schema `version` as that release left it: migrations 1…version applied and
 * recorded with their checksums, then `extraSql` (e.g. that release's full-text triggers, which
 * exist only while indexing is on). Returns the open handle for the caller's rows; close it.
 */
export function writeStoreAtVersion(
  path: string,
  version: number,
  extraSql?: string,
): Database.Database {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.exec(`CREATE TABLE sessionkit_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
    checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  for (const m of migrations.slice(0, version)) {
    db.exec(m.sql);
    db.prepare("INSERT INTO sessionkit_migrations VALUES (?, ?, ?, ?)").run(
      m.version,
      m.name,
      migrationChecksum(m),
      1,
    );
  }
  if (extraSql !== undefined) db.exec(extraSql);
  return db;
}
