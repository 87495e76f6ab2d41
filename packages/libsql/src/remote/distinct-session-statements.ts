import type { SessionKey } from "@sessionkit/core";
import type { SqlValue } from "@sessionkit/sql/driver";
import {
  bulkEventStatements as bulk,
  appendFastPathStatements as fast,
} from "@sessionkit/sql/statements";
import type { AppendBatch } from "./append-batch.js";
import type { BatchStatement } from "./batch-request.js";

/** The statements of a group of appends to distinct sessions, by part. */
export interface DistinctSessionStatements {
  /** One guard for every append (`appendGroupGuard`). */
  guard: BatchStatement;
  /** Every event, in chunks of multi-row inserts (`appendGroupEventRows`). */
  inserts: BatchStatement[];
  /** The app/user state writes, in append order then delta order. */
  scoped: BatchStatement[];
  /** The session updates of the appends that change session state, one each. */
  stateBumps: BatchStatement[];
  /** For each append (by position): its statement's index in `stateBumps`, if it has one. */
  stateBumpIndex: Array<number | undefined>;
  /** The session updates of the other appends, in chunks (`bumpGroupSessionsReturning`). */
  plainBumps: BatchStatement[];
}

/**
 * Merges the plans of appends to DISTINCT sessions into a few statements: a remote server pays
 * ~70 µs for each statement of a batch whatever it does, so 64 single-event appends cost 4 to
 * 7 statements instead of ~200. The order keeps every append's meaning: the guard checks all
 * sessions before any write (no two appends share a session, so none depends on another's
 * writes), the events are inserted before their sessions' lastSeq moves, and the app/user state
 * writes keep the order the appends would have run in.
 */
export function distinctSessionStatements(
  plans: readonly AppendBatch[],
  keys: readonly SessionKey[],
  now: number,
  indexed: boolean,
): DistinctSessionStatements {
  const tuples = `[${plans.map((p) => p.guardTuple).join(",")}]`;
  const eventRows = plans.flatMap((p) => p.parts.eventRows);
  const inserts = chunked(eventRows, (n) => fast.appendGroupEventRows(n, indexed));
  const stateBumps: BatchStatement[] = [];
  const stateBumpIndex: Array<number | undefined> = [];
  const plainRows: SqlValue[][] = [];
  plans.forEach((p, i) => {
    const { stateBump, count } = p.parts;
    if (stateBump !== null) {
      stateBumpIndex.push(stateBumps.length);
      stateBumps.push(stateBump);
    } else {
      stateBumpIndex.push(undefined);
      const k = keys[i] as SessionKey;
      plainRows.push([k.appName, k.userId, k.sessionId, count]);
    }
  });
  const plainBumps = chunked(plainRows, (n) => fast.bumpGroupSessionsReturning(n)).map((s) => ({
    sql: s.sql,
    params: [now, ...s.params],
  }));
  return {
    guard: { sql: fast.appendGroupGuard, params: [tuples, tuples] },
    inserts,
    scoped: plans.flatMap((p) => p.parts.scoped),
    stateBumps,
    stateBumpIndex,
    plainBumps,
  };
}

/** Rows in multi-row statements of power-of-two sizes up to `BULK_EVENT_ROWS` (few texts). */
function chunked(rows: readonly SqlValue[][], text: (n: number) => string): BatchStatement[] {
  const out: BatchStatement[] = [];
  for (let i = 0; i < rows.length; ) {
    const size = bulk.bulkChunkRows(rows.length - i);
    out.push({ sql: text(size), params: rows.slice(i, i + size).flat() });
    i += size;
  }
  return out;
}
