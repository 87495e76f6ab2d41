import type { JsonValue, PreparedEvent, SessionEvent, SessionKey } from "@sessionkit/core";
import { type SqlValue, stateStatements } from "@sessionkit/sql";
import { isPlainKey, stateExpression } from "../sql/state-expression.js";
import { storedEvent } from "../sql/stored-event.js";
import type { BatchStatement } from "./batch-request.js";

/**
 * The guard: fails the whole batch (integer overflow, so nothing is applied) unless the session
 * exists, is active, has the expected revision (when given) and stores none of the event ids.
 * Anything else (missing, expired, stale, a retry or a conflicting id) is then decided by the
 * shared append logic, which reads first.
 */
const GUARD = `SELECT CASE WHEN EXISTS (
  SELECT 1 FROM sessions AS s
  WHERE s.app_name = ? AND s.user_id = ? AND s.session_id = ? AND s.status = 'active'
    AND (? IS NULL OR s.revision = ?)
    AND NOT EXISTS (SELECT 1 FROM events AS e
      WHERE e.session_pk = s.pk AND e.event_id IN (SELECT value FROM json_each(?)))
) THEN 1 ELSE abs(-9223372036854775807 - 1) END AS ok`;

/** The k-th event of the batch gets seq = the session's lastSeq (before the batch) + k. */
const INSERT_EVENT = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp)
SELECT pk, last_seq + ?, ?, ?, ?, ?, ?, ?, ? FROM sessions
WHERE app_name = ? AND user_id = ? AND session_id = ?`;

/** At most this many session-state entries go into one SQL expression. */
const MAX_STATE_ENTRIES = 200;

/** What an append needs to run as one batch, and how to read its result. */
export interface AppendBatch {
  statements: BatchStatement[];
  /** Index of the statement whose RETURNING row holds the new last_seq. */
  bumpIndex: number;
  /** The events as stored, given the session's last_seq after the batch. */
  eventsFor(lastSeqAfter: number): SessionEvent[];
}

/**
 * Plans an append as ONE batch: guard, one insert per event, app/user state upserts, and one
 * session update (state, lastSeq, revision, updatedAt) returning the new lastSeq. Returns null
 * when the append is not eligible (partial events, repeated ids in the batch, session-state keys
 * that need escaping in a JSON path, very large deltas); the shared logic then runs it.
 */
export function planAppendBatch(
  key: SessionKey,
  events: readonly PreparedEvent[],
  expectedRevision: number | undefined,
  now: number,
  generateId: () => string,
): AppendBatch | null {
  if (events.length === 0) return null;
  const ids: string[] = [];
  const sessionEntries: Array<readonly [string, JsonValue]> = [];
  for (const e of events) {
    if (e.partial) return null;
    ids.push(e.id ?? generateId());
    for (const entry of e.scoped?.session ?? []) {
      if (!isPlainKey(entry[0])) return null;
      sessionEntries.push(entry);
    }
  }
  if (new Set(ids).size !== ids.length || sessionEntries.length > MAX_STATE_ENTRIES) return null;
  const where: SqlValue[] = [key.appName, key.userId, key.sessionId];
  const expected = expectedRevision ?? null;
  const statements: BatchStatement[] = [
    { sql: GUARD, params: [...where, expected, expected, JSON.stringify(ids)] },
  ];
  const timestamps: number[] = [];
  events.forEach((e, i) => {
    const timestamp = e.timestamp ?? now;
    timestamps.push(timestamp);
    statements.push({
      sql: INSERT_EVENT,
      params: [
        i + 1,
        ids[i] as string,
        e.invocationId ?? null,
        e.author,
        e.contentJson,
        e.stateDeltaJson,
        e.metadataJson,
        timestamp,
        ...where,
      ],
    });
    for (const [name, value] of e.scoped?.app ?? []) {
      statements.push(
        value === null
          ? { sql: stateStatements.deleteAppStateKey, params: [key.appName, name] }
          : {
              sql: stateStatements.upsertAppState,
              params: [key.appName, name, JSON.stringify(value)],
            },
      );
    }
    for (const [name, value] of e.scoped?.user ?? []) {
      statements.push(
        value === null
          ? { sql: stateStatements.deleteUserStateKey, params: [key.appName, key.userId, name] }
          : {
              sql: stateStatements.upsertUserState,
              params: [key.appName, key.userId, name, JSON.stringify(value)],
            },
      );
    }
  });
  const stateParams: SqlValue[] = [];
  const state = stateExpression(sessionEntries, stateParams);
  statements.push({
    sql: `UPDATE sessions SET state = ${state}, last_seq = last_seq + ?, revision = revision + ?, updated_at = ?
WHERE app_name = ? AND user_id = ? AND session_id = ? RETURNING last_seq`,
    params: [...stateParams, events.length, events.length, now, ...where],
  });
  return {
    statements,
    bumpIndex: statements.length - 1,
    eventsFor(lastSeqAfter) {
      const first = lastSeqAfter - events.length + 1;
      return events.map((e, i) =>
        storedEvent(e, ids[i] as string, first + i, timestamps[i] as number),
      );
    },
  };
}

/** True for the guard's deliberate failure (statement 0 of the batch). */
export function isGuardFailure(error: unknown): boolean {
  const e = error as { statementIndex?: unknown; message?: unknown } | null;
  return (
    e?.statementIndex === 0 && typeof e.message === "string" && /integer overflow/i.test(e.message)
  );
}
