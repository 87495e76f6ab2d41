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
  now: number,
): DistinctSessionStatements {
  // One group, one engine: every plan has the same full-text setting.
  const indexed = plans[0]?.indexed ?? false;
  const tuples: string[] = [];
  const eventRows: SqlValue[][] = [];
  const stateBumps: BatchStatement[] = [];
  const stateBumpIndex: Array<number | undefined> = [];
  const plainRows: SqlValue[][] = [];
  for (const p of plans) {
    const { appName, userId, sessionId } = p.key;
    tuples.push(
      `${JSON.stringify([appName, userId, sessionId, p.expected]).slice(0, -1)},${p.idsJson}]`,
    );
    p.events.forEach((e, k) => {
      eventRows.push([appName, userId, sessionId, k + 1, ...e.values]);
    });
    if (p.changesSessionState) {
      stateBumpIndex.push(stateBumps.length);
      stateBumps.push(p.bump);
    } else {
      stateBumpIndex.push(undefined);
      plainRows.push([appName, userId, sessionId, p.events.length]);
    }
  }
  const guardTuples = `[${tuples.join(",")}]`;
  const inserts = chunked(eventRows, (n) => fast.appendGroupEventRows(n, indexed));
  const plainBumps = chunked(plainRows, (n) => fast.bumpGroupSessionsReturning(n)).map((s) => ({
    sql: s.sql,
    params: [now, ...s.params],
  }));
  return {
    guard: { sql: fast.appendGroupGuard, params: [guardTuples, guardTuples] },
    inserts,
    scoped: plans.flatMap((p) => p.events.flatMap((e) => e.scoped)),
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
