import type { JsonValue, SessionEvent, SessionKey } from "@sessionkit/core";
import { type PreparedEvent, toStoredEvent } from "@sessionkit/core/adapter-kit";
import { eventInsertValues } from "@sessionkit/sql";
import type { SqlValue } from "@sessionkit/sql/driver";
import { appendFastPathStatements as fast, stateStatements } from "@sessionkit/sql/statements";
import type { BatchStatement } from "./batch-request.js";

/** At most this many session-state entries go into one SQL expression. */
const MAX_STATE_ENTRIES = 200;

/** What an append needs to run as one batch, and how to read its result. */
export interface AppendBatch {
  statements: BatchStatement[];
  /** Index of the statement whose RETURNING row holds the new last_seq. */
  bumpIndex: number;
  /**
   * What statement 0 (the guard) checks, as the JSON tuple `appendGroupGuard` takes:
   * `[appName, userId, sessionId, expected | null, [eventId, …]]`.
   */
  guardTuple: string;
  /** The same append as parts, for a group's merged statements (see `RemoteAppendGroup`). */
  parts: AppendParts;
  /** The events as stored, given the session's last_seq after the batch. */
  eventsFor(lastSeqAfter: number): SessionEvent[];
}

/** An append's writes apart from its guard, for a group of appends to distinct sessions. */
export interface AppendParts {
  /**
   * One row per event, as `appendGroupEventRows` binds it: appName, userId, sessionId, k,
   * then the event's insert values (search terms last when indexed).
   */
  eventRows: SqlValue[][];
  /** The app/user state upserts and deletions, in delta order. */
  scoped: BatchStatement[];
  /** The session update when the append changes session state; null when it only counts. */
  stateBump: BatchStatement | null;
  /** Events appended (lastSeq and revision grow by this). */
  count: number;
}

/**
 * Plans an append as ONE batch: guard, one insert per event, app/user state upserts, and one
 * session update (state, lastSeq, revision, updatedAt) returning the new lastSeq. Returns null
 * when the append is not eligible (partial events, events without an id, repeated ids in the batch, session-state keys
 * that need escaping in a JSON path, very large deltas); the shared logic then runs it.
 * `indexed`: full-text indexing is on, so each insert carries the event's search terms.
 */
export function planAppendBatch(
  key: SessionKey,
  events: readonly PreparedEvent[],
  expectedRevision: number | undefined,
  now: number,
  indexed: boolean,
): AppendBatch | null {
  if (events.length === 0) return null;
  const ids: string[] = [];
  const sessionEntries: Array<readonly [string, JsonValue]> = [];
  for (const e of events) {
    if (e.partial || e.id === undefined) return null;
    ids.push(e.id);
    for (const entry of e.scoped?.session ?? []) {
      if (!fast.isPlainStateKey(entry[0])) return null;
      sessionEntries.push(entry);
    }
  }
  if (new Set(ids).size !== ids.length || sessionEntries.length > MAX_STATE_ENTRIES) return null;
  const where: SqlValue[] = [key.appName, key.userId, key.sessionId];
  const expected = expectedRevision ?? null;
  const idsJson = JSON.stringify(ids);
  const statements: BatchStatement[] = [
    { sql: fast.appendBatchGuard, params: [...where, expected, expected, idsJson] },
  ];
  const timestamps: number[] = [];
  const eventRows: SqlValue[][] = [];
  const scoped: BatchStatement[] = [];
  events.forEach((e, i) => {
    const timestamp = e.timestamp ?? now;
    timestamps.push(timestamp);
    const values = eventInsertValues(e, ids[i] as string, timestamp, indexed);
    eventRows.push([...where, i + 1, ...values]);
    statements.push({
      sql: indexed ? fast.insertIndexedEventAtOffset : fast.insertEventAtOffset,
      params: [i + 1, ...values, ...where],
    });
    const scopedFrom = statements.length;
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
    scoped.push(...statements.slice(scopedFrom));
  });
  const stateParams: SqlValue[] = [];
  const state = fast.sessionStateExpression(sessionEntries, stateParams);
  const bump: BatchStatement = {
    sql: fast.bumpSessionByKeyReturning(state),
    params: [...stateParams, events.length, events.length, now, ...where],
  };
  statements.push(bump);
  return {
    statements,
    bumpIndex: statements.length - 1,
    guardTuple: `${JSON.stringify([...where, expected]).slice(0, -1)},${idsJson}]`,
    parts: {
      eventRows,
      scoped,
      stateBump: sessionEntries.length > 0 ? bump : null,
      count: events.length,
    },
    eventsFor(lastSeqAfter) {
      const first = lastSeqAfter - events.length + 1;
      return events.map((e, i) =>
        toStoredEvent(e, ids[i] as string, first + i, timestamps[i] as number),
      );
    },
  };
}

/** True for the guard's deliberate failure (statement 0 of the batch). */
export function isGuardFailure(error: unknown): boolean {
  const e = error as { statementIndex?: unknown; message?: unknown } | null;
  return (
    e?.statementIndex === 0 &&
    typeof e.message === "string" &&
    fast.appendBatchGuardFailure.test(e.message)
  );
}
