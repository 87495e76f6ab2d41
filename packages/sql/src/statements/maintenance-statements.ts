/** SQL text for stats, integrity checks and maintenance. */

/**
 * One row of counts: sessions, active_sessions, events, state_keys (app + user + session keys),
 * database_bytes and free_bytes (page count × page size). No params.
 */
export const statsCounts = `SELECT
  (SELECT count(*) FROM sessions) AS sessions,
  (SELECT count(*) FROM sessions WHERE status = 'active') AS active_sessions,
  (SELECT count(*) FROM events) AS events,
  (SELECT count(*) FROM app_state) + (SELECT count(*) FROM user_state)
    + (SELECT count(*) FROM sessions, json_each(sessions.state)) AS state_keys,
  (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()) AS database_bytes,
  (SELECT freelist_count FROM pragma_freelist_count()) * (SELECT page_size FROM pragma_page_size()) AS free_bytes`;

/** Full SQLite integrity check: one row "ok", or rows describing each problem found. */
export const integrityCheck = "PRAGMA integrity_check";
/** Faster integrity check without index-content verification; "ok" when sound. */
export const quickCheck = "PRAGMA quick_check";
/** One row per foreign-key violation; no rows when consistent. */
export const foreignKeyCheck = "PRAGMA foreign_key_check";
/** FTS5 integrity check of `events_fts`: raises an SQLITE_CORRUPT error when it is damaged. */
export const fullTextIntegrityCheck =
  "INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 0)";

/** Sessions whose lastSeq disagrees with their events (gaps or missing rows). */
export const seqConsistencyCheck = `SELECT app_name, user_id, session_id, last_seq,
  (SELECT count(*) FROM events WHERE session_pk = s.pk) AS n,
  (SELECT max(seq) FROM events WHERE session_pk = s.pk) AS max_seq
FROM sessions AS s
WHERE last_seq != (SELECT count(*) FROM events WHERE session_pk = s.pk)
   OR last_seq != coalesce((SELECT max(seq) FROM events WHERE session_pk = s.pk), 0)
LIMIT 100`;

/** Checkpoints the whole WAL into the database and truncates the WAL file to 0 bytes. */
export const checkpointTruncate = "PRAGMA wal_checkpoint(TRUNCATE)";
/** Rebuilds the database file, returning free pages to the OS; cannot run inside a transaction. */
export const vacuum = "VACUUM";
/**
 * Script (not a statement): refreshes query-planner statistics where useful, sampling at most
 * 1000 rows per index (`analysis_limit`), checking every table (0x10002).
 */
export const optimize = "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;";
/**
 * One row `data_version`: a per-connection counter that changes when another connection
 * commits to the file (not on this connection's own commits). No params.
 */
export const dataVersion = "PRAGMA data_version";
