/** SQL text for the events table. */

export const EVENT_COLUMNS =
  "seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp";

/** Idempotent insert: a repeated (session, event id) changes nothing (changes = 0). */
export const insertEvent = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (session_pk, event_id) DO NOTHING`;

export const insertSnapshotEvent = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const selectEventById = `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? AND event_id = ?`;

export const selectAllEvents = `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? ORDER BY seq`;

/** Events in (after, before) ascending / descending, one more than the page to detect "more". */
export const selectEventPageAsc = `SELECT ${EVENT_COLUMNS} FROM events
WHERE session_pk = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?`;

export const selectEventPageDesc = `SELECT ${EVENT_COLUMNS} FROM events
WHERE session_pk = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?`;

/**
 * getSession's event read: walks the (session_pk, seq) index backwards from the end, so the
 * last N events cost N rows whatever the history size. `timestamp >= ?` is a residual filter.
 */
export function selectRecentEvents(withTimestamp: boolean, withLimit: boolean): string {
  const ts = withTimestamp ? " AND timestamp >= ?" : "";
  if (!withLimit) {
    return `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? AND seq > ?${ts} ORDER BY seq`;
  }
  return `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? AND seq > ?${ts} ORDER BY seq DESC LIMIT ?`;
}

/** Scan search fallback (full-text off): events of one session in pages. */
export const selectEventsAfterSeq = `SELECT ${EVENT_COLUMNS} FROM events
WHERE session_pk = ? AND seq > ? ORDER BY seq LIMIT ?`;
