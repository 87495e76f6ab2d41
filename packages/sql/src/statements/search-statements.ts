import { EVENT_COLUMNS } from "./event-statements.js";

/**
 * Full-text search: FTS5 match, joined to events and active sessions, newest event first,
 * then session key, then seq descending (the order of the reference implementation); with
 * `byRelevance`, FTS5 `bm25()` first (ascending: the best match has the lowest value).
 * CROSS JOIN pins the plan: the FTS index produces the matches, then each is looked up by
 * primary key (otherwise the planner may walk every event of the scope and probe the index).
 * Params: the MATCH expression, appName, [userId], [sessionId], limit.
 */
export function fullTextSearch(
  withUser: boolean,
  withSession: boolean,
  byRelevance = false,
): string {
  const cols = EVENT_COLUMNS.split(", ")
    .map((c) => `e.${c}`)
    .join(", ");
  return `SELECT s.app_name, s.user_id, s.session_id, ${cols}
FROM events_fts AS f
CROSS JOIN events AS e ON e.id = f.rowid
CROSS JOIN sessions AS s ON s.pk = e.session_pk
WHERE events_fts MATCH ? AND s.app_name = ? AND s.status = 'active'${withUser ? " AND s.user_id = ?" : ""}${withSession ? " AND s.session_id = ?" : ""}
ORDER BY ${byRelevance ? "bm25(events_fts), " : ""}e.timestamp DESC, s.user_id, s.session_id, e.seq DESC
LIMIT ?`;
}

/** Scan search fallback: the sessions to scan, in key order. */
export function scanSearchSessions(withUser: boolean, withSession: boolean): string {
  return `SELECT pk, app_name, user_id, session_id FROM sessions
WHERE app_name = ? AND status = 'active'${withUser ? " AND user_id = ?" : ""}${withSession ? " AND session_id = ?" : ""}
ORDER BY user_id, session_id`;
}
