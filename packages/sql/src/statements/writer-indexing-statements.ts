/**
 * Statements for a writer that puts its events' search terms into the full-text index itself,
 * later in the same transaction, instead of through the insert trigger: a group commit indexes
 * the single-event appends of its whole group in one statement. FTS5 writes its pending terms
 * to disk whenever a statement journal or savepoint opens — at every trigger-carrying INSERT —
 * so through the trigger a group of 64 appends wrote 64 one-event index segments.
 *
 * The mark is `search_text = char(1)` ({@link WRITER_INDEXED}): the insert trigger skips such an
 * event (schema version 5) and the consumed trigger clears the column as for any other.
 * SQLite dialect only (PostgreSQL indexes a column of the row itself).
 */

/** The `search_text` of an event its writer indexes itself: never a `fullTextBody` output. */
export const WRITER_INDEXED = "\u0001";

/**
 * One event marked {@link WRITER_INDEXED}; returns its row id (`id`), or no row when its event id
 * is already stored in the session (nothing written). Params: sessionPk, seq, then the values of
 * `eventInsertValues` (not indexed).
 */
export const insertWriterIndexedEvent = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp, search_text)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, char(1))
ON CONFLICT (session_pk, event_id) DO NOTHING
RETURNING id`;

/** Index rows of writer-indexed events. Params: a JSON array of `[rowid, terms]` pairs. */
export const insertSearchRows = `INSERT INTO events_fts (rowid, body)
SELECT value ->> 0, value ->> 1 FROM json_each(?)`;
