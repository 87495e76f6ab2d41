import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * Rewrites a current (schema version 5) sessionkit SQLite file back to schema version 2 as that
 * release left it: the SQLite-tokenized full-text index (`unicode61`, filled by triggers from the
 * raw text), no `search_text` column, no pending table, the partial `(updated_at)` index of idle
 * expiry, migrations 3 to 5 not recorded.
 */
export async function downgradeToVersion2(path: string): Promise<void> {
  const fromSqlite = createRequire(createRequire(import.meta.url).resolve("@sessionkit/sqlite"));
  // The v2 triggers as that release wrote them (@sessionkit/sql is @sessionkit/sqlite's dependency).
  const statements = pathToFileURL(fromSqlite.resolve("@sessionkit/sql/statements")).href;
  const { version2FullTextScript } = (await import(statements)) as {
    version2FullTextScript: string;
  };
  const Database = fromSqlite("better-sqlite3") as new (
    path: string,
  ) => { exec(sql: string): void; close(): void };
  const db = new Database(path);
  db.exec(`
DROP TRIGGER IF EXISTS events_fts_insert;
DROP TRIGGER IF EXISTS events_search_text_consumed;
DROP TRIGGER IF EXISTS events_search_foreign;
DROP TRIGGER IF EXISTS events_fts_delete;
DROP TABLE events_search_pending;
ALTER TABLE events DROP COLUMN search_text;
DROP TABLE events_fts;
CREATE VIRTUAL TABLE events_fts USING fts5 (
  body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
${version2FullTextScript}
INSERT INTO events_fts (rowid, body)
  SELECT e.id, (SELECT group_concat(value, ' ') FROM json_tree(e.content) WHERE type = 'text')
  FROM events AS e;
CREATE INDEX IF NOT EXISTS sessions_active_by_updated ON sessions (updated_at) WHERE status = 'active';
DELETE FROM sessionkit_migrations WHERE version >= 3;
`);
  db.close();
}
