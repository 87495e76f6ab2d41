import { type SqlWork, script } from "../driver/sql-work.js";
import { enableFullText, FULL_TEXT_INSERT_TRIGGER, fullTextTriggersScript } from "./full-text.js";

/** One versioned schema change. Applied migrations are recorded with the checksum of `sql`. */
export interface Migration {
  /** 1, 2, 3 … gapless. */
  readonly version: number;
  readonly name: string;
  /** The DDL, run as one script inside the migration transaction. Never edit after release. */
  readonly sql: string;
  /**
   * Data work in JavaScript after `sql`, in the same transaction (e.g. re-tokenizing the
   * search index). `sql` names it in a comment, so the checksum covers what it does.
   * `before` is what {@link Migration.inspect} read before `sql` ran.
   */
  readonly data?: (before: boolean) => SqlWork<void>;
  /** A read run before `sql` whose answer `data` receives. */
  readonly inspect?: string;
}

/**
 * Version 1: the whole sessionkit schema.
 *
 * - `sessions`: one row per session; session-scoped state is a JSON column (`state`) because an
 *   append already reads and rewrites the session row (revision, lastSeq), so the state rides
 *   along for free instead of costing one upsert per key (measured: see the package README).
 * - `events`: rowid table (content can be large), `UNIQUE (session_pk, seq)` serves ordered and
 *   "last N" reads, `UNIQUE (session_pk, event_id)` serves idempotency; both make the append
 *   O(log n) in the history size.
 * - `app_state`, `user_state`: one row per key, shared by many sessions.
 * - `sessionkit_meta`: key/value for the migrator and callers (`getMeta`/`setMeta`).
 * - `events_fts`: contentless FTS5 index over the text of event content; filled by triggers
 *   that exist only while full-text indexing is on (replaced in version 3).
 */
const initialSchema = `
CREATE TABLE sessions (
  pk INTEGER PRIMARY KEY,
  app_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'expired')),
  state TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expired_at INTEGER,
  last_seq INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  UNIQUE (app_name, user_id, session_id)
);
CREATE INDEX sessions_by_app_updated ON sessions (app_name, updated_at, user_id, session_id);
CREATE INDEX sessions_by_user_updated ON sessions (app_name, user_id, updated_at, session_id);
CREATE INDEX sessions_by_app_created ON sessions (app_name, created_at, user_id, session_id);
CREATE INDEX sessions_by_app_id ON sessions (app_name, session_id, user_id);
CREATE INDEX sessions_active_by_updated ON sessions (updated_at) WHERE status = 'active';
CREATE INDEX sessions_expired_by_time ON sessions (expired_at) WHERE status = 'expired';
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  session_pk INTEGER NOT NULL REFERENCES sessions (pk) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  invocation_id TEXT,
  author TEXT NOT NULL,
  content TEXT NOT NULL,
  state_delta TEXT,
  metadata TEXT,
  timestamp INTEGER NOT NULL,
  UNIQUE (session_pk, seq),
  UNIQUE (session_pk, event_id)
);
CREATE TABLE app_state (
  app_name TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (app_name, key)
) WITHOUT ROWID;
CREATE TABLE user_state (
  app_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (app_name, user_id, key)
) WITHOUT ROWID;
CREATE TABLE sessionkit_meta (
  name TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE events_fts USING fts5 (
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
`;

/**
 * Version 2: `partial_events`, where partial (streaming) events wait briefly so that watchers in
 * other processes receive them too. Not part of the event log: rows go with their session
 * (cascade), and each append of a partial event drops rows older than a minute.
 */
const partialEventsTable = `
CREATE TABLE partial_events (
  id INTEGER PRIMARY KEY,
  session_pk INTEGER NOT NULL REFERENCES sessions (pk) ON DELETE CASCADE,
  event TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX partial_events_by_session ON partial_events (session_pk, id);
CREATE INDEX partial_events_by_time ON partial_events (created_at);
`;

/**
 * Version 3: multilingual search (issue 15). The index stops tokenizing by itself (`unicode61`
 * split unspaced scripts badly and folded differently from the queries): the adapter writes
 * each event's terms from @sessionkit/core `searchIndexText` into `events.search_text` and the
 * triggers (see `full-text.ts`) move them into `events_fts`, whose `ascii` tokenizer splits them
 * back unchanged. `events_search_pending` lists events that a non-sessionkit writer inserted.
 * The old index cannot be converted in SQL: when full-text indexing was on, the migration's data
 * step re-tokenizes every event into the new index in the same transaction.
 */
const multilingualSearch = `
-- data step: when full-text indexing was on, enableFullText() re-tokenizes every event with
-- @sessionkit/core searchIndexText (search terms v1) into the new events_fts.
DROP TRIGGER IF EXISTS events_fts_insert;
DROP TRIGGER IF EXISTS events_fts_delete;
DROP TABLE events_fts;
CREATE VIRTUAL TABLE events_fts USING fts5 (
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'ascii'
);
ALTER TABLE events ADD COLUMN search_text TEXT;
CREATE TABLE events_search_pending (id INTEGER PRIMARY KEY);
`;

/**
 * Version 4: appends maintain one index fewer (issue 21). Every append moves the session's
 * `updated_at`, so every index on it is rewritten on every append: measured on a 1,000-session
 * table, the bump transaction costs 1.47× with `sessions_active_by_updated` than without (two
 * such indexes besides the user listing's: 1.9×). That index served only `expireIdleSessions`
 * without an app; that query now walks `sessions_by_app_updated` app by app instead.
 */
const fewerAppendIndexes = `
DROP INDEX IF EXISTS sessions_active_by_updated;
`;

/**
 * Version 5: a group commit indexes its appends' events itself (issue 21). FTS5 writes its
 * pending terms to disk whenever a statement journal or a savepoint opens, i.e. at every
 * trigger-carrying INSERT: a group of 64 appends wrote 64 one-event index segments. The insert
 * trigger now skips events whose `search_text` is `char(1)`; the group indexes those in one
 * statement before its commit. Other writers are unchanged (their `search_text` is the terms or
 * NULL). The triggers exist only while full-text indexing is on, so they are created again only
 * when they existed.
 */
const writerIndexedEvents = `
-- data step: when full-text indexing was on, the full-text triggers are created again
-- (fullTextTriggersScript: the insert trigger skips events marked char(1)).
DROP TRIGGER IF EXISTS events_fts_insert;
DROP TRIGGER IF EXISTS events_search_text_consumed;
DROP TRIGGER IF EXISTS events_search_foreign;
DROP TRIGGER IF EXISTS events_fts_delete;
`;

function* triggersWhenOn(wasOn: boolean): SqlWork<void> {
  if (wasOn) yield* script(fullTextTriggersScript);
}

function* reindexWhenOn(wasOn: boolean): SqlWork<void> {
  if (wasOn) yield* enableFullText();
}

/** A migration's `inspect`: whether full-text indexing is on (its insert trigger exists). */
const FULL_TEXT_ON = `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = '${FULL_TEXT_INSERT_TRIGGER}') AS answer`;

/** Every migration this package knows, ascending. The last one's version is the schema version. */
export const migrations: readonly Migration[] = [
  { version: 1, name: "initial schema", sql: initialSchema },
  { version: 2, name: "partial events for cross-process watchers", sql: partialEventsTable },
  {
    version: 3,
    name: "multilingual search: index terms written by the adapter",
    sql: multilingualSearch,
    inspect: FULL_TEXT_ON,
    data: reindexWhenOn,
  },
  { version: 4, name: "appends maintain one index fewer", sql: fewerAppendIndexes },
  {
    version: 5,
    name: "a group commit indexes its events in one statement",
    sql: writerIndexedEvents,
    inspect: FULL_TEXT_ON,
    data: triggersWhenOn,
  },
];

/** The schema version this package writes and reads. */
export const SCHEMA_VERSION = migrations.length;
