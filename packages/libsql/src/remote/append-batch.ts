import type { JsonValue, SessionEvent, SessionKey } from "@sessionkit/core";
import { type PreparedEvent, toStoredEvent } from "@sessionkit/core/adapter-kit";
import { eventInsertValues, sqliteDialect } from "@sessionkit/sql";
import type { SqlValue } from "@sessionkit/sql/driver";
import { appendFastPathStatements as fast, stateStatements } from "@sessionkit/sql/statements";
import type { BatchStatement } from "./batch-request.js";

/** At most this many session-state entries go into one SQL expression. */
const MAX_STATE_ENTRIES = 200;

/**
 * An append planned once: what it writes, from which either form is built — its own ONE batch
 * ({@link oneBatchStatements}) or its share of a group's merged statements
 * (`distinctSessionStatements`).
 */
export interface AppendBatch {
  key: SessionKey;
  /** Full-text indexing is on: each event's insert values end with its search terms. */
  indexed: boolean;
  /** The expected revision, null when none was given. */
  expected: number | null;
  /** The event ids, as the JSON array the guards take. */
  idsJson: string;
  /** Per event, in order: its insert values (`eventInsertValues`) and its app/user state writes. */
  events: Array<{ values: SqlValue[]; scoped: BatchStatement[] }>;
  /** The session update (state, lastSeq, revision, updatedAt) returning the new lastSeq. */
  bump: BatchStatement;
  /** True when the append changes session state (the bump is then not a plain count). */
  changesSessionState: boolean;
  /** The events as stored, given the session's last_seq after the batch. */
  eventsFor(lastSeqAfter: number): SessionEvent[];
}

/**
 * Plans an append that can run as ONE batch: guard, one insert per event, app/user state
 * upserts, and one session update returning the new lastSeq. Returns null when the append is not
 * eligible (partial events, events without an id, repeated ids in the batch, session-state keys
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
  const timestamps: number[] = [];
  const planned = events.map((e, i) => {
    const timestamp = e.timestamp ?? now;
    timestamps.push(timestamp);
    const scoped: BatchStatement[] = [];
    for (const [name, value] of e.scoped?.app ?? []) {
      scoped.push(
        value === null
          ? { sql: stateStatements.deleteAppStateKey, params: [key.appName, name] }
          : {
              sql: stateStatements.upsertAppState,
              params: [key.appName, name, JSON.stringify(value)],
            },
      );
    }
    for (const [name, value] of e.scoped?.user ?? []) {
      scoped.push(
        value === null
          ? { sql: stateStatements.deleteUserStateKey, params: [key.appName, key.userId, name] }
          : {
              sql: stateStatements.upsertUserState,
              params: [key.appName, key.userId, name, JSON.stringify(value)],
            },
      );
    }
    return {
      values: eventInsertValues(
        e,
        ids[i] as string,
        timestamp,
        indexed ? sqliteDialect.searchText : undefined,
      ),
      scoped,
    };
  });
  const stateParams: SqlValue[] = [];
  const state = fast.sessionStateExpression(sessionEntries, stateParams);
  return {
    key,
    indexed,
    expected: expectedRevision ?? null,
    idsJson: JSON.stringify(ids),
    events: planned,
    bump: {
      sql: fast.bumpSessionByKeyReturning(state),
      params: [...stateParams, events.length, events.length, now, ...where],
    },
    changesSessionState: sessionEntries.length > 0,
    eventsFor(lastSeqAfter) {
      const first = lastSeqAfter - events.length + 1;
      return events.map((e, i) =>
        toStoredEvent(e, ids[i] as string, first + i, timestamps[i] as number),
      );
    },
  };
}

/**
 * The append as its own ONE batch: the guard (statement 0), each event's insert followed by its
 * app/user state writes, and the session update last (`bumpIndex`).
 */
export function oneBatchStatements(plan: AppendBatch): {
  statements: BatchStatement[];
  bumpIndex: number;
} {
  const { appName, userId, sessionId } = plan.key;
  const { expected } = plan;
  const statements: BatchStatement[] = [
    {
      sql: fast.appendBatchGuard,
      params: [appName, userId, sessionId, expected, expected, plan.idsJson],
    },
  ];
  plan.events.forEach((e, i) => {
    statements.push(
      {
        sql: plan.indexed ? fast.insertIndexedEventAtOffset : fast.insertEventAtOffset,
        params: [i + 1, ...e.values, appName, userId, sessionId],
      },
      ...e.scoped,
    );
  });
  statements.push(plan.bump);
  return { statements, bumpIndex: statements.length - 1 };
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
