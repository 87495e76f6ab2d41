import type { ErrorContext } from "@sessionkit/core";
import { driveInTransaction, isPromiseLike } from "../driver/drive.js";
import type { SqlDriver, SqlRequest } from "../driver/sql-driver.js";
import type { SqlWork } from "../driver/sql-work.js";
import { newWriteContext, type WriteContext } from "../engine/write-context.js";
import type { AppendGroupOutcome, AppendGroupRunner, CoalescedAppend } from "./append-group.js";
import { backoffDelay, sleep } from "./backoff.js";
import { convertError, isRetryableBusy, runWork } from "./run-work.js";
import type { SqlRepositoryHost } from "./sql-host.js";

/** How an adapter's appends are coalesced (see {@link GroupCommit}). */
export interface GroupCommitPolicy {
  /**
   * How many coalesced transactions may run at once: 1 on a connection whose work runs one
   * unit at a time (SQLite, libSQL); more on a pool (PostgreSQL).
   */
  readonly maxInFlight: number;
}

/** At most this many appends share one transaction (bounds its duration and lock hold). */
const MAX_BATCH = 256;
/** Groups run with a savepoint per append from the start after one of them needed them. */
export const ISOLATED_AFTER_FAILURE = 16;

/**
 * Thrown out of a group run without savepoints when one of its appends failed: the shared
 * transaction is rolled back and the group runs again isolated. `cause`: that append's error.
 */
class IsolationNeeded extends Error {}

interface Pending {
  readonly ctx: ErrorContext;
  readonly work: (w: WriteContext) => SqlWork<unknown>;
  /** The append itself, for an adapter's own group runner. */
  readonly append: CoalescedAppend | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown; w: WriteContext } | { ok: false; error: unknown };

/**
 * Group commit: appends that arrive together — submitted in the same turn of the event loop,
 * or while the connection is busy with earlier work — run in ONE write transaction, so many
 * concurrent callers share one commit (one fsync with `synchronous: "full"`, one lock
 * acquisition) instead of paying one each.
 *
 * Guarantees, the same as one transaction per call:
 * - per-call atomicity and isolation: a group first runs without savepoints (they cost some
 *   5 % of a grouped append); when one of its appends fails, the whole transaction is rolled
 *   back (nothing of it was committed or acknowledged) and the group runs again with each
 *   append in its own savepoint, where the failing one is rolled back to its savepoint and
 *   rejected alone and the others commit. After such a failure the next
 *   {@link ISOLATED_AFTER_FAILURE} groups take savepoints from the start (failures cluster:
 *   a workload of STALE retries does not pay every group twice);
 * - nothing is acknowledged before it is committed: every promise settles after the COMMIT;
 * - order: appends run in the order they were submitted (each sees the ones before it), so
 *   per-session `seq` order is submission order, as before;
 * - a failure of the shared transaction itself (BUSY past the retry policy, I/O, a lost
 *   connection) rejects every append in it, each with its own error context; nothing of it was
 *   committed, so each caller may retry (ids make a retry idempotent).
 * A lone append runs exactly as without group commit (no savepoint). An append that failed
 * with a retryable BUSY inside a shared transaction (a PostgreSQL deadlock) is run again on its
 * own under the usual bounded retry.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Groups left to run with savepoints from the start (see {@link ISOLATED_AFTER_FAILURE}). */
  private isolatedGroups = 0;

  constructor(
    private readonly host: SqlRepositoryHost,
    private readonly publish: (w: WriteContext) => void,
    private readonly policy: GroupCommitPolicy,
  ) {}

  /**
   * Queues one append's unit of work; resolves with its result after the transaction that ran
   * it committed, or rejects with its converted error. Appends submitted in the same turn are
   * taken together at the end of it.
   */
  submit<T>(
    ctx: ErrorContext,
    work: (w: WriteContext) => SqlWork<T>,
    append?: CoalescedAppend,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ctx, work, append, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.policy.maxInFlight || this.queue.length === 0) {
      return;
    }
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.policy.maxInFlight && this.queue.length > 0) {
      const items = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      const done = (): void => {
        this.inFlight--;
        // Whatever queued meanwhile goes next, together.
        if (this.queue.length > 0) this.schedule();
      };
      let settled: unknown;
      try {
        settled = this.host.connection.lane.run(() => this.runGroup(items));
      } catch (error) {
        // runGroup settles every item itself; this is only a lane failure.
        for (const item of items) item.reject(error);
        settled = undefined;
      }
      if (isPromiseLike(settled)) Promise.resolve(settled).then(done, done);
      else done();
    }
  }

  /** Runs `items` (one transaction, or the plain path for one) and settles each of them. */
  private runGroup(items: Pending[]): void | Promise<void> {
    if (items.length === 1) return this.alone(items[0] as Pending);
    const runner = this.host.appendGroup;
    if (runner !== undefined && items.every((item) => item.append !== undefined)) {
      return this.runWith(runner, items);
    }
    return this.attempt(items, 0);
  }

  /** One append in its own transaction, exactly as without group commit. */
  private alone(item: Pending): void | Promise<void> {
    return settleOne(item, () =>
      runWork(this.host, item.ctx, "write", "own", item.work, this.publish),
    );
  }

  /** Runs `items` one after another, each alone (never two transactions on one driver at once). */
  private async eachAlone(items: Pending[]): Promise<void> {
    for (const item of items) await this.alone(item);
  }

  /**
   * The adapter's own group runner: stored appends are published and resolved; the ones it
   * left to the shared logic then run alone, in order; a failed group (nothing committed) fails
   * each append with BUSY/IO when the server or connection failed, else runs each alone.
   */
  private async runWith(runner: AppendGroupRunner, items: Pending[]): Promise<void> {
    const now = Date.now();
    let outcomes: AppendGroupOutcome[];
    try {
      outcomes = await runner.run(
        items.map((item) => item.append as CoalescedAppend),
        now,
      );
    } catch (error) {
      // The server or the connection failed (a missed deadline, a lost connection): each call
      // gets that answer now (BUSY/IO: retry, the ids make it idempotent) rather than another
      // wait each. Anything else (a statement failed past its guard): each runs alone, where
      // the shared logic gives every call its own answer.
      const code = convertError(
        this.host,
        error,
        (items[0] as Pending).ctx,
        this.host.location,
      ).code;
      if (code === "BUSY" || code === "IO") return this.failAll(items, error);
      return this.eachAlone(items);
    }
    const watched = this.host.connection.hub.size > 0;
    const left: Pending[] = [];
    items.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.kind === "stored") {
        this.publish({ now, watched, published: outcome.published });
        item.resolve(outcome.events);
      } else {
        left.push(item);
      }
    });
    if (left.length > 0) await this.eachAlone(left);
  }

  private attempt(items: Pending[], attempt: number): void | Promise<void> {
    let driver: SqlDriver | Promise<SqlDriver>;
    try {
      driver = this.host.connection.driver();
    } catch (error) {
      return this.failAll(items, error);
    }
    if (isPromiseLike(driver)) {
      return Promise.resolve(driver).then(
        (d) => this.attemptOn(d, items, attempt),
        (error: unknown) => this.failAll(items, error),
      );
    }
    return this.attemptOn(driver, items, attempt);
  }

  private attemptOn(driver: SqlDriver, items: Pending[], attempt: number): void | Promise<void> {
    const isolated = this.isolatedGroups > 0;
    if (isolated) this.isolatedGroups--;
    return this.runOn(driver, items, attempt, isolated);
  }

  /** One run of the group's transaction, with a savepoint per append when `isolated`. */
  private runOn(
    driver: SqlDriver,
    items: Pending[],
    attempt: number,
    isolated: boolean,
  ): void | Promise<void> {
    const outcomes: Outcome[] = [];
    const watched = this.host.connection.hub.size > 0;
    const failed = (error: unknown): void | Promise<void> => {
      if (!(error instanceof IsolationNeeded)) return this.retryOrFail(items, error, attempt);
      // Rolled back whole: again, each append in its own savepoint.
      this.isolatedGroups = ISOLATED_AFTER_FAILURE;
      return this.runOn(driver, items, attempt, true);
    };
    let result: void | Promise<void>;
    try {
      const indexing = this.host.connection.engine.dialect.writerIndexing;
      result = driveInTransaction(
        groupWork(items, outcomes, watched, indexing?.insertSearchRows, isolated),
        driver,
        "write",
      );
    } catch (error) {
      return failed(error);
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(() => this.deliver(items, outcomes), failed);
    }
    return this.deliver(items, outcomes);
  }

  /** The shared transaction failed: BUSY is retried as a whole, anything else fails every append. */
  private retryOrFail(items: Pending[], error: unknown, attempt: number): void | Promise<void> {
    const first = items[0] as Pending;
    const converted = convertError(this.host, error, first.ctx, this.host.location);
    if (isRetryableBusy(this.host, error, converted, attempt)) {
      return sleep(backoffDelay(this.host.retry, attempt + 1)).then(() =>
        this.attempt(items, attempt + 1),
      );
    }
    this.failAll(items, error);
  }

  private failAll(items: Pending[], error: unknown): void {
    for (const item of items) {
      item.reject(convertError(this.host, error, item.ctx, this.host.location));
    }
  }

  /** After the commit: publish and resolve each success, reject (or rerun) each failure. */
  private deliver(items: Pending[], outcomes: Outcome[]): void | Promise<void> {
    const again: Pending[] = [];
    items.forEach((item, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) {
        this.publish(outcome.w);
        item.resolve(outcome.value);
        return;
      }
      const converted = convertError(this.host, outcome.error, item.ctx, this.host.location);
      if (isRetryableBusy(this.host, outcome.error, converted)) {
        // Lost a lock race inside the shared transaction: alone, under the usual retry.
        again.push(item);
        return;
      }
      item.reject(converted);
    });
    if (again.length > 0) return this.eachAlone(again);
  }
}

const SAVEPOINT: SqlRequest = { kind: "run", sql: "SAVEPOINT sessionkit_append", params: [] };
const ROLLBACK_TO: SqlRequest = {
  kind: "run",
  sql: "ROLLBACK TO sessionkit_append",
  params: [],
};
const RELEASE: SqlRequest = { kind: "run", sql: "RELEASE sessionkit_append", params: [] };

/**
 * The appends one after another in the shared transaction. `isolated`: each in its own
 * savepoint, an append's own failure rolled back to its savepoint and recorded, not thrown;
 * a failure to roll back or release (the transaction itself is gone) is thrown: the whole group
 * fails and nothing of it is acknowledged. Not `isolated`: no savepoints, and an append's failure
 * throws {@link IsolationNeeded} (the caller rolls the transaction back and runs the group again
 * isolated). With `insertSearchRows` (the dialect's writer indexing), the single events the
 * appends stored are indexed together after the last one, in one statement (see
 * `insertOneEvent`).
 */
function* groupWork(
  items: Pending[],
  outcomes: Outcome[],
  watched: boolean,
  insertSearchRows: string | undefined,
  isolated: boolean,
): SqlWork<void> {
  outcomes.length = 0;
  const searchRows: Array<[number, string]> = [];
  for (const item of items) {
    const w = newWriteContext(Date.now(), watched);
    if (insertSearchRows !== undefined) w.searchRows = [];
    if (isolated) yield SAVEPOINT;
    let value: unknown;
    try {
      value = yield* item.work(w);
    } catch (error) {
      if (!isolated) throw new IsolationNeeded("an append of the group failed", { cause: error });
      yield ROLLBACK_TO;
      yield RELEASE;
      outcomes.push({ ok: false, error });
      continue;
    }
    if (isolated) yield RELEASE;
    if (w.searchRows !== undefined) for (const row of w.searchRows) searchRows.push(row);
    outcomes.push({ ok: true, value, w });
  }
  if (searchRows.length > 0 && insertSearchRows !== undefined) {
    yield { kind: "run", sql: insertSearchRows, params: [JSON.stringify(searchRows)] };
  }
}

/** Runs `task` and settles `item` with its outcome; returns a promise only when async. */
function settleOne(item: Pending, task: () => unknown): void | Promise<void> {
  let result: unknown;
  try {
    result = task();
  } catch (error) {
    item.reject(error);
    return;
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then(item.resolve, item.reject);
  }
  item.resolve(result);
}
