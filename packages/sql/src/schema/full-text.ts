import type { JsonValue } from "@sessionkit/core";
import { all, get, run, type SqlWork, script } from "../driver/sql-work.js";
import { fullTextBody } from "./full-text-body.js";

/**
 * Full-text indexing (schema version 3). The index holds the terms of `searchIndexText` from
 * @sessionkit/core — the one tokenization of every adapter — never SQLite's own idea of words:
 *
 * - The adapter writes each event's search text (`fullTextBody`: the terms space-joined, or the
 *   printable-ASCII strings themselves, which the tokenizer splits into the same terms) in the
 *   `events.search_text` column of the event's own INSERT; the triggers below copy it into
 *   `events_fts` (FTS5, `ascii` tokenizer) and then clear the column, so nothing is stored
 *   twice. Index and event commit or roll back together.
 * - A writer that is not a sessionkit adapter (an SQL tool) leaves `search_text` NULL: the
 *   trigger then indexes the event's raw strings (exact for ASCII words, approximate for other
 *   scripts) and records its id in `events_search_pending`; the next sessionkit open with
 *   full-text on re-tokenizes those events exactly ({@link setFullText}).
 * - An event whose `search_text` is `char(1)` is indexed by its writer later in the same
 *   transaction (a group commit indexes its single appends together: `writer-indexing-statements.ts`,
 *   schema version 5); the insert trigger skips it.
 * - Full-text indexing is on exactly while {@link FULL_TEXT_INSERT_TRIGGER} exists.
 */
export const FULL_TEXT_INSERT_TRIGGER = "events_fts_insert";

/**
 * FTS5 buffers new terms in memory up to `hashsize` bytes before writing a segment. Rebuilds use
 * 32 MiB (fewer, larger segments and less merging), then restore the 1 MiB default.
 */
const REBUILD_HASH_BYTES = 32 * 1024 * 1024;
const DEFAULT_HASH_BYTES = 1024 * 1024;
/** Events tokenized per statement while rebuilding or catching up. */
const REBUILD_BATCH = 1000;

/** The raw strings of an event's content: what the trigger indexes for a foreign writer. */
const RAW_TEXT =
  "(SELECT group_concat(value, ' ') FROM json_tree(NEW.content) WHERE type = 'text')";

/**
 * Creates the full-text triggers on `events` (if missing), leaving `events_fts` as it is: for a
 * tool that fills the index itself in the same transaction (the SQLite adapter's side-built
 * index of a backfill). {@link enableFullTextScript} also empties the index.
 */
export const fullTextTriggersScript = `
CREATE TRIGGER IF NOT EXISTS events_fts_insert AFTER INSERT ON events
WHEN NEW.search_text IS NOT char(1) BEGIN
  INSERT INTO events_fts (rowid, body) VALUES (NEW.id, coalesce(NEW.search_text, ${RAW_TEXT}));
END;
CREATE TRIGGER IF NOT EXISTS events_search_text_consumed AFTER INSERT ON events
WHEN NEW.search_text IS NOT NULL BEGIN
  UPDATE events SET search_text = NULL WHERE id = NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS events_search_foreign AFTER INSERT ON events
WHEN NEW.search_text IS NULL BEGIN
  INSERT OR IGNORE INTO events_search_pending (id) VALUES (NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_fts WHERE rowid = OLD.id;
END;
`;

/**
 * Creates the full-text triggers on `events` (if missing) and empties `events_fts`. Filling the
 * index needs JavaScript (the core tokenizer): `enableFullText` does both.
 */
export const enableFullTextScript = `${fullTextTriggersScript}
INSERT INTO events_fts (events_fts) VALUES ('delete-all');
DELETE FROM events_search_pending;
`;

/**
 * Turns full-text indexing off: drops the triggers and empties `events_fts` (search falls back
 * to scanning). Run it in a write transaction; see {@link setFullText}.
 */
export const disableFullTextScript = `
DROP TRIGGER IF EXISTS events_fts_insert;
DROP TRIGGER IF EXISTS events_search_text_consumed;
DROP TRIGGER IF EXISTS events_search_foreign;
DROP TRIGGER IF EXISTS events_fts_delete;
INSERT INTO events_fts (events_fts) VALUES ('delete-all');
DELETE FROM events_search_pending;
`;

/**
 * The full-text triggers of schema versions 1–2 (SQLite's `unicode61` tokenizing the raw strings
 * of each event), as those releases created them: for tools and tests that reproduce an older
 * store. Never run on a current schema.
 */
export const version2FullTextScript = `
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, body)
    SELECT NEW.id, group_concat(value, ' ') FROM json_tree(NEW.content) WHERE type = 'text';
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_fts WHERE rowid = OLD.id;
END;`;

/** One row per event: `[rowid, terms]` pairs as a JSON array. Params: the JSON array. */
const INSERT_TERMS = `INSERT INTO events_fts (rowid, body)
SELECT value ->> 0, value ->> 1 FROM json_each(?)`;
/** FTS5 takes its configuration values as literals only. */
const hashSize = (bytes: number) =>
  `INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ${bytes})`;
const PAGE = "SELECT id, content FROM events WHERE id > ? ORDER BY id LIMIT ?";
const PENDING_PAGE = `SELECT p.id, e.content FROM events_search_pending AS p
LEFT JOIN events AS e ON e.id = p.id ORDER BY p.id LIMIT ?`;
const UNINDEX = "DELETE FROM events_fts WHERE rowid IN (SELECT value FROM json_each(?))";
const UNPEND = "DELETE FROM events_search_pending WHERE id IN (SELECT value FROM json_each(?))";
const TRIGGER_EXISTS = `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = '${FULL_TEXT_INSERT_TRIGGER}') AS "on"`;

type ContentRow = { id: number; content: string | null };

function termsJson(rows: readonly ContentRow[]): string {
  const pairs: Array<[number, string]> = [];
  for (const r of rows) {
    if (r.content !== null) {
      pairs.push([Number(r.id), fullTextBody(JSON.parse(r.content) as JsonValue)]);
    }
  }
  return JSON.stringify(pairs);
}

/**
 * Turns full-text indexing on and (re)builds `events_fts` from every stored event, tokenized
 * by the core tokenizer in batches of 1,000. Run it in a write transaction; its cost grows with
 * the number of events. Prefer {@link setFullText}, which checks first.
 */
export function* enableFullText(): SqlWork<void> {
  yield* script(enableFullTextScript);
  yield* run(hashSize(REBUILD_HASH_BYTES), []);
  let after = 0;
  for (;;) {
    const rows = yield* all<ContentRow>(PAGE, [after, REBUILD_BATCH]);
    if (rows.length === 0) break;
    yield* run(INSERT_TERMS, [termsJson(rows)]);
    after = Number((rows[rows.length - 1] as ContentRow).id);
  }
  yield* run(hashSize(DEFAULT_HASH_BYTES), []);
}

/**
 * Re-tokenizes the events a foreign writer inserted (see `events_search_pending`): replaces
 * their raw-text index rows by the core tokenizer's terms. Returns how many it re-indexed.
 */
export function* indexPendingEvents(): SqlWork<number> {
  let done = 0;
  for (;;) {
    const rows = yield* all<ContentRow>(PENDING_PAGE, [REBUILD_BATCH]);
    if (rows.length === 0) return done;
    const live = JSON.stringify(rows.filter((r) => r.content !== null).map((r) => Number(r.id)));
    yield* run(UNINDEX, [live]);
    yield* run(INSERT_TERMS, [termsJson(rows)]);
    yield* run(UNPEND, [JSON.stringify(rows.map((r) => Number(r.id)))]);
    done += rows.length;
  }
}

/**
 * Switches full-text indexing on or off (run it in a write transaction). Re-checks the current
 * state under the lock, so concurrent openers do the work once; when it is already on,
 * re-indexes the events of foreign writers (see `indexPendingEvents`). Returns whether
 * it switched.
 */
export function* setFullText(on: boolean): SqlWork<boolean> {
  const row = yield* get<{ on: number }>(TRIGGER_EXISTS, []);
  if ((Number(row?.on) === 1) === on) {
    if (on) yield* indexPendingEvents();
    return false;
  }
  if (on) yield* enableFullText();
  else yield* script(disableFullTextScript);
  return true;
}
