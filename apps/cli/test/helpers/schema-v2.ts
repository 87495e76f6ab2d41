import { createRequire } from "node:module";

/**
 * Rewrites a current (schema version 3) sessionkit SQLite file back to schema version 2 as the
 * previous release left it: the SQLite-tokenized full-text index (`unicode61`, filled by
 * triggers from the raw text), no `search_text` column, no pending table, migration 3 not
 * recorded.
 */
export function downgradeToVersion2(path: string): void {
  const fromSqlite = createRequire(createRequire(import.meta.url).resolve("@sessionkit/sqlite"));
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
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, body)
    SELECT NEW.id, group_concat(value, ' ') FROM json_tree(NEW.content) WHERE type = 'text';
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_fts WHERE rowid = OLD.id;
END;
INSERT INTO events_fts (rowid, body)
  SELECT e.id, (SELECT group_concat(value, ' ') FROM json_tree(e.content) WHERE type = 'text')
  FROM events AS e;
DELETE FROM sessionkit_migrations WHERE version = 3;
`);
  db.close();
}
