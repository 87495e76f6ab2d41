import { join } from "node:path";
import type { JsonValue, SessionEvent } from "@sessionkit/core";
import {
  defaultLimits,
  type PreparedEvent,
  prepareBatch,
  toStoredEvent,
} from "@sessionkit/core/adapter-kit";
import { fullTextBody } from "@sessionkit/sql";
import type { SqlValue } from "@sessionkit/sql/driver";
import {
  appendFastPathStatements,
  type EventRow,
  type SessionRow,
  type StateRow,
} from "@sessionkit/sql/statements";
import BetterSqlite from "better-sqlite3";
import Libsql from "libsql";
import { directoryBytes } from "../disk.js";
import type { BenchEvent, StandardSubject, SubjectFactory } from "../subject.js";
import { assemblePage, assembleSession, chunkRows, eventParams, splitDelta } from "./floor-sql.js";
import { ftsRowid, lean, leanSchema } from "./lean-schema.js";
import { APP } from "./repository-subject.js";

/** Names the floor in the errors of its validation (contract-work variant). */
const CONTRACT_CONTEXT = { adapter: "lean floor", operation: "appendEvents" };

/** The nine parameters of an event row, from the event as core validated and serialized it. */
function preparedParams(pk: number, seq: number, e: PreparedEvent): SqlValue[] {
  return [
    pk,
    seq,
    e.id as string,
    null,
    e.author,
    e.contentJson,
    e.stateDeltaJson,
    null,
    e.timestamp as number,
  ];
}

/** What the lean floor needs of a driver: better-sqlite3 and `libsql` both offer it. */
interface LeanStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface LeanDatabase {
  prepare(sql: string): LeanStatement;
  exec(sql: string): unknown;
  close(): unknown;
}

/** A session-scoped delta as one SQL expression over `state` (params pushed onto `params`). */
function stateExpression(entries: ReadonlyArray<[string, JsonValue]>, params: SqlValue[]): string {
  return appendFastPathStatements.sessionStateExpression(entries, params);
}

/**
 * The lean floor (issue 21): a raw-driver implementation of sessionkit's semantics with the
 * leanest schema and SQL we could write (see `lean-schema.ts` and the README). One transaction
 * per call; an append is one UPDATE … RETURNING (bump, seq, state), one INSERT, its index row
 * when full-text is on, and one upsert per `user:` key.
 */
class LeanFloor implements StandardSubject {
  private readonly statements = new Map<string, LeanStatement>();

  constructor(
    private readonly db: LeanDatabase,
    private readonly fullText: boolean,
    private readonly dir: string,
    /**
     * Also the per-event work the contract asks of an append beyond storing it: validate each
     * event with a typed error naming its path (core's `prepareBatch`, which also serializes it
     * once and copies it), and return the stored events (core's `toStoredEvent`).
     */
    private readonly contractWork = false,
  ) {}

  private p(sql: string): LeanStatement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private inTransaction<T>(begin: string, work: () => T): T {
    this.p(begin).run();
    try {
      const out = work();
      this.p("COMMIT").run();
      return out;
    } catch (error) {
      this.p("ROLLBACK").run();
      throw error;
    }
  }

  private scoped(userId: string): StateRow[] {
    return this.p(lean.scopedState).all(APP, APP, userId) as StateRow[];
  }

  createSession(userId: string, sessionId: string) {
    return this.inTransaction("BEGIN IMMEDIATE", () => {
      const now = Date.now();
      const row = this.p(lean.insertSession).get(APP, userId, sessionId, now, now) as SessionRow;
      return assembleSession(row, [], this.scoped(userId));
    });
  }

  /**
   * Claims `events.length` seqs, writes the rows, their terms and the scoped state; returns the
   * last seq. `prepared`: the events as validated by core (their JSON text is written as is).
   */
  private write(
    userId: string,
    sessionId: string,
    events: readonly BenchEvent[],
    prepared?: readonly PreparedEvent[],
  ): number {
    // Session keys: last write wins, so a batch sets each key once; `user:` keys likewise.
    const session = new Map<string, JsonValue>();
    const user = new Map<string, JsonValue>();
    for (const e of events) {
      if (!e.stateDelta) continue;
      const split = splitDelta(e.stateDelta);
      for (const [k, v] of split.session) session.set(k, v);
      for (const [k, v] of split.user) user.set(k, v);
    }
    const params: SqlValue[] = [];
    const expression = stateExpression([...session], params);
    const bumped = this.p(lean.bump(expression)).get(
      ...params,
      events.length,
      Date.now(),
      APP,
      userId,
      sessionId,
    ) as { pk: number; last_seq: number } | undefined;
    if (!bumped) throw new Error(`lean floor: no session ${userId}/${sessionId}`);
    const first = bumped.last_seq - events.length + 1;
    for (let i = 0; i < events.length; ) {
      const size = chunkRows(events.length - i);
      const rows: unknown[] = [];
      const terms: unknown[] = [];
      for (let k = 0; k < size; k++) {
        const e = events[i + k] as BenchEvent;
        const ready = prepared?.[i + k];
        if (ready) rows.push(...preparedParams(bumped.pk, first + i + k, ready));
        else rows.push(...eventParams(bumped.pk, first + i + k, e));
        if (this.fullText) {
          terms.push(
            ftsRowid(bumped.pk, first + i + k),
            fullTextBody(e.content as unknown as JsonValue),
          );
        }
      }
      this.p(lean.insertEvents(size)).run(...rows);
      if (this.fullText) this.p(lean.insertTerms(size)).run(...terms);
      i += size;
    }
    for (const [k, v] of user) this.p(lean.upsertUserState).run(APP, userId, k, JSON.stringify(v));
    return bumped.last_seq;
  }

  /**
   * The contract-work append: validates every event first (a bad one throws, nothing written),
   * writes them in one transaction and returns them as stored.
   */
  private appendValidated(
    userId: string,
    sessionId: string,
    events: readonly BenchEvent[],
  ): SessionEvent[] {
    const prepared = prepareBatch(events, defaultLimits, CONTRACT_CONTEXT);
    const last = this.inTransaction("BEGIN IMMEDIATE", () =>
      this.write(userId, sessionId, events, prepared),
    );
    const first = last - prepared.length + 1;
    return prepared.map((e, k) =>
      toStoredEvent(e, e.id as string, first + k, e.timestamp ?? Date.now()),
    );
  }

  appendEvent(userId: string, sessionId: string, event: BenchEvent) {
    try {
      if (this.contractWork) return this.appendValidated(userId, sessionId, [event])[0];
      const seq = this.inTransaction("BEGIN IMMEDIATE", () =>
        this.write(userId, sessionId, [event]),
      );
      return { ...event, seq };
    } catch (error) {
      // Idempotency: the event id is stored already (the UNIQUE index refused the row).
      if (!/UNIQUE/i.test((error as Error).message)) throw error;
      const stored = this.p(lean.storedEvent).get(APP, userId, sessionId, event.id) as
        | EventRow
        | undefined;
      if (stored) return stored;
      throw error;
    }
  }

  appendBatch(userId: string, sessionId: string, events: readonly BenchEvent[]) {
    try {
      if (this.contractWork) return this.appendValidated(userId, sessionId, events);
      this.inTransaction("BEGIN IMMEDIATE", () => this.write(userId, sessionId, events));
    } catch (error) {
      if (!/UNIQUE/i.test((error as Error).message)) throw error;
      // A retried batch: event by event, each idempotent.
      for (const e of events) this.appendEvent(userId, sessionId, e);
    }
    return events.length;
  }

  readSession(userId: string, sessionId: string, lastEvents: number) {
    return this.inTransaction("BEGIN", () => {
      const row = this.p(lean.session).get(APP, userId, sessionId) as SessionRow;
      const rows = this.p(lean.recentEvents).all(row.pk, lastEvents) as EventRow[];
      return assembleSession(row, rows, this.scoped(userId));
    });
  }

  listRecentSessions(userId: string, limit: number) {
    return this.inTransaction("BEGIN", () => {
      const rows = this.p(lean.recentSessions).all(APP, userId, limit) as SessionRow[];
      return assemblePage(rows, this.scoped(userId));
    });
  }

  bytesOnDisk() {
    return directoryBytes(this.dir);
  }

  close() {
    this.db.close();
  }
}

/**
 * Opens `path` with the adapters' pragmas (the 16 MiB page cache is better-sqlite3's build
 * default and what the libSQL adapter sets) and creates the lean schema.
 */
function openLean(
  db: LeanDatabase,
  fullText: boolean,
  listingIndexes: boolean,
  dir: string,
  contractWork: boolean,
): LeanFloor {
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16000;");
  db.exec(leanSchema(fullText, listingIndexes));
  return new LeanFloor(db, fullText, dir, contractWork);
}

function leanSubject(
  name: string,
  driver: "better-sqlite3" | "libsql",
  fullText: boolean,
  listingIndexes = false,
  contractWork = false,
) {
  const factory: SubjectFactory = {
    name,
    kind: "floor",
    async open(dir) {
      const path = join(dir, "sessions.db");
      const db: LeanDatabase =
        driver === "better-sqlite3"
          ? new BetterSqlite(path, { timeout: 5000 })
          : (new Libsql(path, { timeout: 5000 }) as unknown as LeanDatabase);
      return openLean(db, fullText, listingIndexes, dir, contractWork);
    },
  };
  return factory;
}

/** The lean floor of "sessionkit sqlite": better-sqlite3, full-text index on. */
export const leanBetterSqliteSubject = leanSubject("lean better-sqlite3", "better-sqlite3", true);
/** … full-text index off (the floor of "sessionkit sqlite (full-text off)"). */
export const leanBetterSqliteNoTextSubject = {
  ...leanSubject("lean better-sqlite3 (full-text off)", "better-sqlite3", false),
  pairOnly: true,
};
/** The lean floor of "sessionkit libsql (embedded)": the `libsql` driver the adapter embeds. */
export const leanLibsqlSubject = leanSubject("lean libsql (embedded)", "libsql", true);
/** … full-text index off. */
export const leanLibsqlNoTextSubject = {
  ...leanSubject("lean libsql (embedded, full-text off)", "libsql", false),
  pairOnly: true,
};
/**
 * The lean floor of "sessionkit sqlite" with sessionkit's three extra listing indexes
 * (`LISTING_INDEXES`): informational, it shows what those indexes cost in W1 and W4.
 */
export const leanBetterSqliteListingSubject = {
  ...leanSubject("lean better-sqlite3 (+ listing indexes)", "better-sqlite3", true, true),
  pairOnly: true,
};
/** … and of "sessionkit libsql (embedded)". */
export const leanLibsqlListingSubject = {
  ...leanSubject("lean libsql (embedded, + listing indexes)", "libsql", true, true),
  pairOnly: true,
};
/**
 * The lean floor of "sessionkit sqlite" doing the append's contract work too (validation with
 * typed errors, one serialization and copy per event, the stored events returned): informational,
 * it shows what that work costs in W2 and W5.
 */
export const leanBetterSqliteContractSubject = {
  ...leanSubject("lean better-sqlite3 (+ contract work)", "better-sqlite3", true, false, true),
  pairOnly: true,
};
/** … and of "sessionkit libsql (embedded)". */
export const leanLibsqlContractSubject = {
  ...leanSubject("lean libsql (embedded, + contract work)", "libsql", true, false, true),
  pairOnly: true,
};
