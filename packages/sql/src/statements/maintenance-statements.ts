/** SQL text for stats, integrity checks and maintenance. */

export const statsCounts = `SELECT
  (SELECT count(*) FROM sessions) AS sessions,
  (SELECT count(*) FROM sessions WHERE status = 'active') AS active_sessions,
  (SELECT count(*) FROM events) AS events,
  (SELECT count(*) FROM app_state) + (SELECT count(*) FROM user_state)
    + (SELECT count(*) FROM sessions, json_each(sessions.state)) AS state_keys,
  (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()) AS database_bytes,
  (SELECT freelist_count FROM pragma_freelist_count()) * (SELECT page_size FROM pragma_page_size()) AS free_bytes`;

export const integrityCheck = "PRAGMA integrity_check";
export const quickCheck = "PRAGMA quick_check";
export const foreignKeyCheck = "PRAGMA foreign_key_check";
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

export const checkpointTruncate = "PRAGMA wal_checkpoint(TRUNCATE)";
export const vacuum = "VACUUM";
export const optimize = "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;";
export const dataVersion = "PRAGMA data_version";
