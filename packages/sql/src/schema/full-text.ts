import { get, type SqlWork, script } from "../driver/sql-work.js";

/**
 * Full-text indexing is on exactly while these triggers exist, so every process writing the
 * file keeps the index in sync inside the append transaction, whatever options it opened with.
 * The indexed text is every string inside the event content (object keys excluded), the same
 * text `searchableText` in @sessionkit/core produces.
 */
export const FULL_TEXT_INSERT_TRIGGER = "events_fts_insert";

/**
 * FTS5 buffers new terms in memory up to `hashsize` bytes before writing a segment. The
 * one-statement rebuild uses 32 MiB (fewer, larger segments and less merging: ~15 % faster per
 * million events than the 1 MiB default), then restores the default for ordinary appends.
 */
const REBUILD_HASH_BYTES = 32 * 1024 * 1024;
const DEFAULT_HASH_BYTES = 1024 * 1024;

/**
 * Turns full-text indexing on: creates the insert/delete triggers on `events` (if missing) and
 * rebuilds `events_fts` from every stored event in one pass. Run it in a write transaction;
 * its cost grows with the number of events. Prefer {@link setFullText}, which checks first.
 */
export const enableFullTextScript = `
CREATE TRIGGER IF NOT EXISTS events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, body)
    SELECT NEW.id, group_concat(value, ' ') FROM json_tree(NEW.content) WHERE type = 'text';
END;
CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_fts WHERE rowid = OLD.id;
END;
INSERT INTO events_fts (events_fts) VALUES ('delete-all');
INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ${REBUILD_HASH_BYTES});
INSERT INTO events_fts (rowid, body)
  SELECT e.id, (SELECT group_concat(value, ' ') FROM json_tree(e.content) WHERE type = 'text')
  FROM events AS e;
INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ${DEFAULT_HASH_BYTES});
`;

/**
 * Turns full-text indexing off: drops the triggers and empties `events_fts` (search falls back
 * to scanning). Run it in a write transaction; see {@link setFullText}.
 */
export const disableFullTextScript = `
DROP TRIGGER IF EXISTS events_fts_insert;
DROP TRIGGER IF EXISTS events_fts_delete;
INSERT INTO events_fts (events_fts) VALUES ('delete-all');
`;

/**
 * Switches full-text indexing on or off (run it in a write transaction). Re-checks the current
 * state under the lock, so concurrent openers do the work once. Returns whether it changed.
 */
export function* setFullText(on: boolean): SqlWork<boolean> {
  const row = yield* get<{ on: number }>(
    `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = '${FULL_TEXT_INSERT_TRIGGER}') AS "on"`,
    [],
  );
  if ((Number(row?.on) === 1) === on) return false;
  yield* script(on ? enableFullTextScript : disableFullTextScript);
  return true;
}
