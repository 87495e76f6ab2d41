/** One versioned change of the PostgreSQL schema; recorded with the checksum of its SQL. */
export interface PostgresMigration {
  /** 1, 2, 3 … gapless. */
  readonly version: number;
  readonly name: string;
  /** DDL run inside the migration transaction, with the search_path set to the target schema. Never edit after release. */
  readonly sql: string;
}

/**
 * Version 1: the whole sessionkit schema, in the store's own PostgreSQL schema (see the
 * `schema` option), with the same tables, columns and indexes as the SQLite schema so the
 * shared statements run on both:
 *
 * - `sessions`: session-scoped state and metadata are JSONB; text keys use the "C" collation,
 *   so ordering and cursors are byte order (as on SQLite) whatever the database's locale.
 * - `events`: `UNIQUE (session_pk, seq)` serves ordered and "last N" reads (the last N events of
 *   a 10M-event session read N index entries), `UNIQUE (session_pk, event_id)` idempotency.
 *   Content is stored as the JSON text the caller's event serialised to (byte-exact round trip).
 *   `search_text` holds the event's search terms (core's `searchIndexText`, space-joined), written
 *   by the adapter in the event's own INSERT; `search_terms` is that text as an array (a stored
 *   generated column) under a GIN index, so "every term, whole terms" is `search_terms @> terms`.
 *   A row written by another tool has no terms (`events_unindexed`) until `maintain()` adds them.
 * - `app_state`, `user_state`: one JSONB value per key, shared by many sessions.
 * - `partial_events`: streaming events kept a minute for watchers on other hosts.
 * - `sessionkit_changed()`: statement-level triggers NOTIFY channel `sessionkit_changes` with the
 *   schema name after writes to events, partial events and sessions, so watchers on every host
 *   re-read (also when another tool writes the tables).
 */
const initialSchema = `
CREATE TABLE sessions (
  pk BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  app_name TEXT COLLATE "C" NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL,
  session_id TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'expired')),
  state JSONB NOT NULL,
  metadata JSONB NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expired_at BIGINT,
  last_seq BIGINT NOT NULL,
  revision BIGINT NOT NULL,
  UNIQUE (app_name, user_id, session_id)
);
CREATE INDEX sessions_by_app_updated ON sessions (app_name, updated_at, user_id, session_id);
CREATE INDEX sessions_by_user_updated ON sessions (app_name, user_id, updated_at, session_id);
CREATE INDEX sessions_by_app_created ON sessions (app_name, created_at, user_id, session_id);
CREATE INDEX sessions_by_app_id ON sessions (app_name, session_id, user_id);
CREATE INDEX sessions_active_by_updated ON sessions (updated_at) WHERE status = 'active';
CREATE INDEX sessions_expired_by_time ON sessions (expired_at) WHERE status = 'expired';
CREATE TABLE events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_pk BIGINT NOT NULL REFERENCES sessions (pk) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  event_id TEXT COLLATE "C" NOT NULL,
  invocation_id TEXT,
  author TEXT NOT NULL,
  content TEXT NOT NULL,
  state_delta TEXT,
  metadata TEXT,
  timestamp BIGINT NOT NULL,
  search_text TEXT,
  search_terms TEXT[] GENERATED ALWAYS AS (string_to_array(search_text, ' ')) STORED,
  UNIQUE (session_pk, seq),
  UNIQUE (session_pk, event_id)
);
CREATE INDEX events_search_terms ON events USING gin (search_terms);
CREATE INDEX events_unindexed ON events (id) WHERE search_text IS NULL;
CREATE TABLE app_state (
  app_name TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value JSONB NOT NULL,
  PRIMARY KEY (app_name, key)
);
CREATE TABLE user_state (
  app_name TEXT COLLATE "C" NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value JSONB NOT NULL,
  PRIMARY KEY (app_name, user_id, key)
);
CREATE TABLE sessionkit_meta (
  name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE partial_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_pk BIGINT NOT NULL REFERENCES sessions (pk) ON DELETE CASCADE,
  event TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX partial_events_by_session ON partial_events (session_pk, id);
CREATE INDEX partial_events_by_time ON partial_events (created_at);
CREATE FUNCTION sessionkit_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('sessionkit_changes', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER events_changed AFTER INSERT OR DELETE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION sessionkit_changed();
CREATE TRIGGER partial_events_changed AFTER INSERT ON partial_events
  FOR EACH STATEMENT EXECUTE FUNCTION sessionkit_changed();
CREATE TRIGGER sessions_changed AFTER DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION sessionkit_changed();
`;

/** Every migration, in order. The last one's version is {@link POSTGRES_SCHEMA_VERSION}. */
export const postgresMigrations: readonly PostgresMigration[] = Object.freeze([
  { version: 1, name: "initial schema", sql: initialSchema },
]);

/** The schema version this package writes and reads. */
export const POSTGRES_SCHEMA_VERSION = postgresMigrations.length;

/** The NOTIFY channel of every sessionkit schema; the payload is the schema name. */
export const CHANGES_CHANNEL = "sessionkit_changes";
