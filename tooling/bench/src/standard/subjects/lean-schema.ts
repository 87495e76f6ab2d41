/**
 * The lean floor's schema and SQL (issue 21): the same semantics as sessionkit's SQL adapters
 * with the leanest design we could write, so "adapter ÷ lean floor" shows what the adapters'
 * schema and per-call work cost (see the bench README, "The lean floor").
 *
 * - `sessions`: the key, the session-scoped state as JSON, `last_seq` (the per-session counter
 *   that makes seqs gapless; it doubles as the optimistic-concurrency revision), `updated_at`.
 *   One secondary index: a user's sessions by `updated_at` (the listing).
 * - `events`: clustered by `(session_pk, seq)` (WITHOUT ROWID: the "last N" read is one range
 *   of one b-tree); `UNIQUE (session_pk, event_id)` makes an append idempotent by event id.
 * - `user_state` / `app_state`: one row per scoped key (WITHOUT ROWID), as `user:`/`app:` deltas
 *   are shared by every session of the user/app.
 * - Full-text on: `events_fts`, a contentless FTS5 table whose rowid is
 *   `session_pk * 2^32 + seq` (no mapping table; seqs stay below 2^32 per session), holding
 *   the event's search text as the SQLite adapters write it (`fullTextBody` of @sessionkit/sql:
 *   printable-ASCII content as it is, else core's terms; the `ascii` tokenizer splits either).
 */
export function leanSchema(fullText: boolean, listingIndexes = false): string {
  return `
CREATE TABLE sessions (
  pk INTEGER PRIMARY KEY,
  app_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  state TEXT NOT NULL,
  metadata TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (app_name, user_id, session_id)
);
CREATE INDEX sessions_by_user_updated ON sessions (app_name, user_id, updated_at, session_id);
CREATE TABLE events (
  session_pk INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  invocation_id TEXT,
  author TEXT NOT NULL,
  content TEXT NOT NULL,
  state_delta TEXT,
  metadata TEXT,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (session_pk, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX events_by_id ON events (session_pk, event_id);
CREATE TABLE app_state (
  app_name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (app_name, key)
) WITHOUT ROWID;
CREATE TABLE user_state (
  app_name TEXT NOT NULL, user_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (app_name, user_id, key)
) WITHOUT ROWID;
${fullText ? "CREATE VIRTUAL TABLE events_fts USING fts5 (body, content = '', tokenize = 'ascii');" : ""}
${listingIndexes ? LISTING_INDEXES : ""}
`;
}

/**
 * The three session indexes sessionkit's SQL adapters keep beyond the lean floor's one, so every
 * listing the contract offers reads one page, not the app: all of an app's sessions by
 * `updated_at`, by `created_at` and by id. The lean floor does not offer those listings; the
 * variant "lean … (+ listing indexes)" adds just these, so its ratio shows how much of the
 * adapters' W1 (create) and W4 (list) cost is these indexes.
 */
export const LISTING_INDEXES = `
CREATE INDEX sessions_by_app_updated ON sessions (app_name, updated_at, user_id, session_id);
CREATE INDEX sessions_by_app_created ON sessions (app_name, created_at, user_id, session_id);
CREATE INDEX sessions_by_app_id ON sessions (app_name, session_id, user_id);
`;

/** The full-text rowid of an event: session pk in the high 32 bits, seq in the low ones. */
export const ftsRowid = (sessionPk: number, seq: number): number => sessionPk * 2 ** 32 + seq;

const EVENT_COLUMNS =
  "session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp";

/** The lean floor's statements. `?`-placeholders, SQLite dialect. */
export const lean = {
  /** Params: app, user, session, createdAt, updatedAt. */
  insertSession: `INSERT INTO sessions (app_name, user_id, session_id, state, metadata, last_seq, created_at, updated_at)
VALUES (?, ?, ?, '{}', '{}', 0, ?, ?) RETURNING pk, session_id, user_id, state, metadata`,
  /**
   * The append's bump: claims the next `n` seqs, stamps `updated_at`, applies the session-scoped
   * delta (`stateSql`, an expression over `state`). Params: the expression's, n, updatedAt, key.
   */
  bump: (stateSql: string) =>
    `UPDATE sessions SET state = ${stateSql}, last_seq = last_seq + ?, updated_at = ?
WHERE app_name = ? AND user_id = ? AND session_id = ? RETURNING pk, last_seq`,
  /** `rows` events in one INSERT (nine params each; a duplicate event id fails it). */
  insertEvents: (rows: number) =>
    `INSERT INTO events (${EVENT_COLUMNS}) VALUES ${new Array<string>(rows).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
  /** `rows` index entries (rowid, terms) in one INSERT. */
  insertTerms: (rows: number) =>
    `INSERT INTO events_fts (rowid, body) VALUES ${new Array<string>(rows).fill("(?, ?)").join(", ")}`,
  /** Params: app, user, key, value JSON. */
  upsertUserState: `INSERT INTO user_state (app_name, user_id, key, value) VALUES (?, ?, ?, ?)
ON CONFLICT (app_name, user_id, key) DO UPDATE SET value = excluded.value`,
  /** The stored event of an idempotent retry. Params: app, user, session, event id. */
  storedEvent: `SELECT e.* FROM sessions AS s JOIN events AS e ON e.session_pk = s.pk
WHERE s.app_name = ? AND s.user_id = ? AND s.session_id = ? AND e.event_id = ?`,
  /** Params: app, user, session. */
  session: `SELECT pk, session_id, user_id, state, metadata, last_seq FROM sessions
WHERE app_name = ? AND user_id = ? AND session_id = ?`,
  /** Newest first. Params: session pk, limit. */
  recentEvents: `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? ORDER BY seq DESC LIMIT ?`,
  /** App state and one user's state. Params: app, app, user. */
  scopedState: `SELECT 0 AS scope, '' AS user_id, key, value FROM app_state WHERE app_name = ?
UNION ALL SELECT 1, user_id, key, value FROM user_state WHERE app_name = ? AND user_id = ?`,
  /** A user's most recently updated sessions (listing a user needs only that user's state). Params: app, user, limit. */
  recentSessions: `SELECT session_id, user_id, state, metadata, created_at, updated_at FROM sessions
WHERE app_name = ? AND user_id = ? ORDER BY updated_at DESC, session_id DESC LIMIT ?`,
};
