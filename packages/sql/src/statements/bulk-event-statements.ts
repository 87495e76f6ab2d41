import { cachedText, placeholderRows } from "./statement-texts.js";

/**
 * Multi-row INSERT texts for the events table, so a batch costs one driver call per chunk of
 * rows instead of one per event. Chunk sizes are powers of two up to {@link BULK_EVENT_ROWS},
 * so a driver that caches statements by text holds at most seven texts per kind. The widest
 * statement binds 64 × 9 = 576 parameters, far below SQLite's limit (32,766 since 3.32; 999
 * before).
 */

/** Bound parameters per event row, in the column order of the events insert (session, seq, id, …, timestamp). */
export const EVENT_ROW_WIDTH = 9;

/** Bound parameters per row of an indexed insert: {@link EVENT_ROW_WIDTH} plus the search terms. */
export const INDEXED_EVENT_ROW_WIDTH = 10;

/** Rows per statement for a long batch. */
export const BULK_EVENT_ROWS = 64;

const EVENT_INSERT_COLUMNS =
  "session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp";

/**
 * The chunk size to use when `remaining` rows are left: `max` (default {@link BULK_EVENT_ROWS},
 * a power of two), else the largest power of two not above `remaining`.
 */
export function bulkChunkRows(remaining: number, max: number = BULK_EVENT_ROWS): number {
  if (remaining >= max) return max;
  let size = 1;
  while (size * 2 <= remaining) size *= 2;
  return size;
}

/**
 * `INSERT INTO events … VALUES (…), (…), …` with `rows` rows of {@link EVENT_ROW_WIDTH}
 * parameters. `ignoreDuplicateIds`: a row whose (session, event id) is already stored is
 * skipped (the statement's `changes` then counts fewer rows); without it such a row fails the
 * statement. Any other constraint still fails it. `indexed`: each row has
 * {@link INDEXED_EVENT_ROW_WIDTH} parameters, the last one its search terms (`search_text`).
 */
export function insertEventRows(
  rows: number,
  ignoreDuplicateIds: boolean,
  indexed = false,
): string {
  return cachedText(`bulk:${rows}:${ignoreDuplicateIds}:${indexed}`, () => {
    const width = indexed ? INDEXED_EVENT_ROW_WIDTH : EVENT_ROW_WIDTH;
    const columns = indexed ? `${EVENT_INSERT_COLUMNS}, search_text` : EVENT_INSERT_COLUMNS;
    const sql = `INSERT INTO events (${columns})\nVALUES ${placeholderRows(rows, width)}`;
    return ignoreDuplicateIds ? `${sql}\nON CONFLICT (session_pk, event_id) DO NOTHING` : sql;
  });
}

/** Removes the rows of one session above a seq: undoes a chunk that must be redone row by row. */
export const deleteEventsAfterSeq = "DELETE FROM events WHERE session_pk = ? AND seq > ?";

/** `insertSnapshotSession` that also returns the new row's pk (one statement instead of two). */
export const insertSnapshotSessionReturningPk = `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING pk`;
