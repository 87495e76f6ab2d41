/**
 * Statements over `partial_events` (schema version 2): partial (streaming) events kept briefly so
 * that watchers in other processes receive them. Never part of the event log.
 */

/** How long a partial event stays available to watchers in other processes, in ms. */
export const PARTIAL_EVENT_TTL_MS = 60_000;

/** Stores one partial event. Params: session pk, the event as JSON, created at (ms). */
export const insertPartialEvent =
  "INSERT INTO partial_events (session_pk, event, created_at) VALUES (?, ?, ?)";

/** Drops partial events created before a time. Params: cutoff (ms since the epoch). */
export const deleteExpiredPartialEvents = "DELETE FROM partial_events WHERE created_at < ?";

/**
 * The partial events of a session stored after a row id, oldest first; columns `id`, `event`.
 * Params: session pk, the last row id already seen.
 */
export const selectPartialEventsAfter =
  "SELECT id, event FROM partial_events WHERE session_pk = ? AND id > ? ORDER BY id";

/** The highest partial-event row id (0 when there is none); column `id`. No params. */
export const selectLastPartialEventId = "SELECT coalesce(max(id), 0) AS id FROM partial_events";
