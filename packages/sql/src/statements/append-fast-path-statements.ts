/**
 * The statements of the append fast paths (see `AppendFastPath`): fewer statements or round
 * trips for the common append, on the same schema as `event-statements` and
 * `session-statements`. Every fast path leaves nothing behind when its guard refuses, so the
 * shared append logic can then decide (NOT_FOUND, STALE, idempotent retry, CONFLICT).
 */
import type { JsonValue } from "@sessionkit/core";
import type { SqlValue } from "../driver/sql-driver.js";
import { cachedText, placeholderRows } from "./statement-texts.js";

/**
 * The single-event bump: only an active session, at the expected revision (when given),
 * without this event id; `RETURNING pk, last_seq` (no row: the guard refused).
 * Params: the state expression's params, updatedAt, appName, userId, sessionId, expected,
 * expected, event id.
 */
export function bumpOneGuarded(stateSql: string): string {
  return `UPDATE sessions SET state = ${stateSql}, last_seq = last_seq + 1, revision = revision + 1, updated_at = ?
WHERE app_name = ? AND user_id = ? AND session_id = ? AND status = 'active'
  AND (? IS NULL OR revision = ?)
  AND NOT EXISTS (SELECT 1 FROM events WHERE session_pk = sessions.pk AND event_id = ?)
RETURNING pk, last_seq`;
}

/**
 * The guard of a one-batch append: fails the whole batch (integer overflow, so nothing is
 * applied) unless the session exists, is active, has the expected revision (when given) and
 * stores none of the event ids. Params: appName, userId, sessionId, expected, expected, ids JSON.
 */
export const appendBatchGuard = `SELECT CASE WHEN EXISTS (
  SELECT 1 FROM sessions AS s
  WHERE s.app_name = ? AND s.user_id = ? AND s.session_id = ? AND s.status = 'active'
    AND (? IS NULL OR s.revision = ?)
    AND NOT EXISTS (SELECT 1 FROM events AS e
      WHERE e.session_pk = s.pk AND e.event_id IN (SELECT value FROM json_each(?)))
) THEN 1 ELSE abs(-9223372036854775807 - 1) END AS ok`;

/**
 * {@link appendBatchGuard} for a group of one-batch appends to DISTINCT sessions, as ONE
 * statement (a remote server pays ~70 µs per statement of a batch: 64 guards cost 4.4 ms, this
 * one 0.9 ms). Fails the whole batch the same way unless every listed session exists, is active,
 * has its expected revision (when given) and stores none of its event ids. Only for distinct
 * sessions: each check runs before any of the group's writes, so two appends to one session
 * would not see each other. Params: the JSON array of `[appName, userId, sessionId,
 * expected | null, [eventId, …]]` tuples, twice.
 */
export const appendGroupGuard = `SELECT CASE WHEN (
  SELECT count(*) FROM json_each(?) AS g
  JOIN sessions AS s ON s.app_name = json_extract(g.value, '$[0]')
    AND s.user_id = json_extract(g.value, '$[1]') AND s.session_id = json_extract(g.value, '$[2]')
  WHERE s.status = 'active'
    AND (json_extract(g.value, '$[3]') IS NULL OR s.revision = json_extract(g.value, '$[3]'))
    AND NOT EXISTS (SELECT 1 FROM events AS e
      WHERE e.session_pk = s.pk AND e.event_id IN (SELECT value FROM json_each(g.value, '$[4]')))
) = json_array_length(?) THEN 1 ELSE abs(-9223372036854775807 - 1) END AS ok`;

/**
 * The events of a group of one-batch appends to DISTINCT sessions in one statement (after
 * {@link appendGroupGuard}, before their sessions' bumps): each row's seq is its session's
 * lastSeq before the group + k. Rows are inserted in the order given (the VALUES list drives the
 * join). Params per row: appName, userId, sessionId, k, id, invocationId, author, content,
 * stateDelta, metadata, timestamp, then searchText when `indexed`.
 */
export function appendGroupEventRows(rows: number, indexed: boolean): string {
  return cachedText(
    `group-events:${rows}:${indexed}`,
    () => `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp${indexed ? ", search_text" : ""})
SELECT s.pk, s.last_seq + v.column4, v.column5, v.column6, v.column7, v.column8, v.column9, v.column10, v.column11${indexed ? ", v.column12" : ""}
FROM (VALUES ${placeholderRows(rows, indexed ? 12 : 11)}) AS v CROSS JOIN sessions AS s
WHERE s.app_name = v.column1 AND s.user_id = v.column2 AND s.session_id = v.column3`,
  );
}

/**
 * The closing update of several appends to DISTINCT sessions that change no session state, in
 * one statement: lastSeq and revision grow by each one's count, updatedAt is the group's time.
 * Params: updatedAt, then per row appName, userId, sessionId, count. Returns one row per
 * session: app_name, user_id, session_id, last_seq.
 */
export function bumpGroupSessionsReturning(rows: number): string {
  return cachedText(
    `group-bump:${rows}`,
    () => `UPDATE sessions SET last_seq = last_seq + v.column4, revision = revision + v.column4, updated_at = ?
FROM (VALUES ${placeholderRows(rows, 4)}) AS v
WHERE sessions.app_name = v.column1 AND sessions.user_id = v.column2 AND sessions.session_id = v.column3
RETURNING app_name, user_id, session_id, last_seq`,
  );
}

/** True for the guard's deliberate failure message (integer overflow). */
export const appendBatchGuardFailure = /integer overflow/i;

/**
 * The k-th event of a one-batch append: seq = the session's lastSeq (before the batch) + k.
 * Params: k, id, invocationId, author, content, stateDelta, metadata, timestamp, appName,
 * userId, sessionId.
 */
export const insertEventAtOffset = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp)
SELECT pk, last_seq + ?, ?, ?, ?, ?, ?, ?, ? FROM sessions
WHERE app_name = ? AND user_id = ? AND session_id = ?`;

/**
 * {@link insertEventAtOffset} while full-text indexing is on: the search terms follow the
 * timestamp. Params: k, id, invocationId, author, content, stateDelta, metadata, timestamp,
 * searchText, appName, userId, sessionId.
 */
export const insertIndexedEventAtOffset = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp, search_text)
SELECT pk, last_seq + ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sessions
WHERE app_name = ? AND user_id = ? AND session_id = ?`;

/**
 * The closing statement of a one-batch append: state, lastSeq, revision, updatedAt, by key,
 * `RETURNING last_seq`. Params: the state expression's params, count, count, updatedAt,
 * appName, userId, sessionId.
 */
export function bumpSessionByKeyReturning(stateSql: string): string {
  return `UPDATE sessions SET state = ${stateSql}, last_seq = last_seq + ?, revision = revision + ?, updated_at = ?
WHERE app_name = ? AND user_id = ? AND session_id = ? RETURNING last_seq`;
}

/** Session-scoped keys that need no JSON escaping to be used in a SQLite JSON path `$."key"`. */
export function isPlainStateKey(key: string): boolean {
  return JSON.stringify(key) === `"${key}"` && !/[\u0000-\u001f]/.test(key);
}

/**
 * Nested json_set / json_remove over the session's `state` column, in delta order; pushes its
 * params onto `params`. Only for keys where {@link isPlainStateKey} holds.
 */
export function sessionStateExpression(
  entries: ReadonlyArray<readonly [string, JsonValue]>,
  params: SqlValue[],
): string {
  let expression = "state";
  for (const [key, value] of entries) {
    if (value === null) {
      expression = `json_remove(${expression}, ?)`;
      params.push(`$."${key}"`);
    } else {
      expression = `json_set(${expression}, ?, json(?))`;
      params.push(`$."${key}"`, JSON.stringify(value));
    }
  }
  return expression;
}
