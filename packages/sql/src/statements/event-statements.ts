/** SQL text for the events table. */

/** The event columns the event row reader expects, in order. */
export const EVENT_COLUMNS =
  "seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp";

/** Idempotent insert: a repeated (session, event id) changes nothing (changes = 0). */
export const insertEvent = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (session_pk, event_id) DO NOTHING`;

/**
 * {@link insertEvent} with the event's search text (`fullTextBody`) as a tenth parameter,
 * used while full-text indexing is on: the insert trigger moves them into the index.
 */
export const insertIndexedEvent = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp, search_text)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (session_pk, event_id) DO NOTHING`;

/**
 * Plain insert of one event with its stored seq, id and timestamp (snapshot import into a
 * session just created); fails on a duplicate. Params as {@link insertEvent}: sessionPk, seq,
 * eventId, invocationId, author, content JSON, stateDelta JSON, metadata JSON, timestamp (ms).
 */
export const insertSnapshotEvent = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** One event of a session by its id. Params: sessionPk, eventId. */
export const selectEventById = `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? AND event_id = ?`;

/** Every event of a session in ascending seq. Params: sessionPk. */
export const selectAllEvents = `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? ORDER BY seq`;

/**
 * A page of events with seq in (after, before), ascending; ask one more than the page to
 * detect "more". Params: sessionPk, after, before, limit.
 */
export const selectEventPageAsc = `SELECT ${EVENT_COLUMNS} FROM events
WHERE session_pk = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?`;

/** Like {@link selectEventPageAsc}, descending seq. Params: sessionPk, after, before, limit. */
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
