import { AsyncLocalStorage } from "node:async_hooks";
import type * as contract from "@sessionkit/core";
import { SessionKitError } from "@sessionkit/core";
import {
  assertOptionsObject,
  type EventStream,
  invalidArgument,
  normalizePurgeOptions,
  probeHealth,
  reenteredTransaction,
  repositoryClosed,
  SessionFrontDoor,
  type SessionStorage,
} from "@sessionkit/core/adapter-kit";
import { drive } from "../driver/drive.js";
import type { SqlDriver, SqlRequest } from "../driver/sql-driver.js";
import { all, get, type SqlWork, script } from "../driver/sql-work.js";
import type { SessionEngine } from "../engine/session-engine.js";
import type { WriteContext } from "../engine/write-context.js";
import { SCHEMA_VERSION } from "../schema/migrations.js";
import type { CoalescedAppend } from "./append-group.js";
import { backoffDelay, sleep } from "./backoff.js";
import { GroupCommit } from "./group-commit.js";
import type { Lane } from "./lane.js";
import { convertError, runWork } from "./run-work.js";
import type { SqlRepositoryHost } from "./sql-host.js";
import { SqlStorage, type WorkKind } from "./sql-storage.js";
import { SqlTransaction } from "./sql-transaction.js";
import { openWatch } from "./watch-stream.js";

const noop = (): void => undefined;

/** The lane whose transaction callback is running in the current async context. */
const insideTransaction = new AsyncLocalStorage<Lane>();

/**
 * The contract.SessionRepository of every SQL adapter, over a {@link SqlRepositoryHost}. Operations go
 * through the connection's queue (`Lane`): on a synchronous driver with nothing pending they
 * run at once, in their own transaction, with no await between statements.
 */
export class SqlRepository extends SessionFrontDoor implements contract.SessionRepository {
  private closed = false;
  private readonly streams = new Set<EventStream>();
  protected readonly storage: SessionStorage;
  /** Coalesces concurrent appends into shared transactions; null: one transaction per call. */
  private readonly groupCommit: GroupCommit | null;

  constructor(protected readonly host: SqlRepositoryHost) {
    super(host.adapter, host.limits);
    this.groupCommit = host.groupCommit
      ? new GroupCommit(host, (w) => this.publish(w), host.groupCommit)
      : null;
    this.storage = new SqlStorage(host, (ctx, kind, work, coalesce) =>
      this.exec(ctx, kind, work, coalesce),
    );
  }

  protected get engine(): SessionEngine {
    return this.host.connection.engine;
  }

  get capabilities(): contract.RepositoryCapabilities {
    return this.host.capabilities;
  }

  protected override assertUsable(operation: string): void {
    if (this.closed) {
      throw repositoryClosed({
        adapter: this.host.adapter,
        operation,
        subject: this.host.location,
      });
    }
  }

  private readonly publish = (w: WriteContext): void => {
    const hub = this.host.connection.hub;
    if (hub.size === 0) return;
    for (const [key, event] of w.published) hub.publish(key, event);
  };

  /**
   * Runs one unit of work through the connection's queue in its own transaction (a read
   * snapshot or a write), converting driver errors once; BUSY is retried within the host's
   * policy. May return synchronously on a synchronous driver with nothing queued. `coalesce`
   * (appends): with group commit on, the work joins the appends submitted together in one
   * transaction, still atomic on its own (see {@link GroupCommit}); the result is a promise.
   * @throws INVALID_ARGUMENT when called from inside this repository's own transaction callback.
   */
  protected exec<T>(
    ctx: contract.ErrorContext,
    kind: WorkKind,
    work: (w: WriteContext) => SqlWork<T>,
    coalesce?: CoalescedAppend,
  ): T | Promise<T> {
    const lane = this.host.connection.lane;
    if (lane.busy && insideTransaction.getStore() === lane) throw reenteredTransaction(ctx);
    if (coalesce && this.groupCommit !== null) {
      return this.groupCommit.submit(ctx, work, coalesce);
    }
    return lane.run(() => runWork(this.host, ctx, kind, "own", work, this.publish));
  }

  /** Runs parameterless work outside any transaction (VACUUM, checkpoints, PRAGMAs). */
  private bare<T>(ctx: contract.ErrorContext, work: () => SqlWork<T>): Promise<T> {
    const conn = this.host.connection;
    return Promise.resolve(
      conn.lane.run(async () => {
        try {
          return await drive(work(), await conn.driver());
        } catch (error) {
          throw convertError(this.host, error, ctx, this.host.location);
        }
      }),
    );
  }

  watch(
    key: contract.SessionKey,
    options?: contract.WatchOptions,
  ): AsyncIterable<contract.SessionEvent> {
    return {
      [Symbol.asyncIterator]: () => {
        const ctx = this.context("watch");
        const stream = openWatch(
          {
            adapter: this.host.adapter,
            connection: this.host.connection,
            read: (c, work) => this.exec(c, "read", work),
          },
          key,
          options,
        );
        this.streams.add(stream);
        stream.onClose(() => this.streams.delete(stream));
        void ctx;
        return stream;
      },
    };
  }

  /** A call on the repository from inside its own transaction callback would wait forever. */
  async transaction<T>(fn: (tx: contract.SessionTransaction) => Promise<T>): Promise<T> {
    const ctx = this.context("transaction");
    if (typeof fn !== "function") throw invalidArgument(ctx, "fn", "must be a function");
    const conn = this.host.connection;
    if (conn.lane.busy && insideTransaction.getStore() === conn.lane)
      throw reenteredTransaction(ctx);
    return conn.lane.run(async () => {
      this.context("transaction");
      let driver: SqlDriver;
      try {
        driver = await conn.driver();
      } catch (error) {
        throw convertError(this.host, error, ctx, this.host.location);
      }
      await this.begin(driver, ctx);
      const tx = new SqlTransaction(this.host);
      let result: T;
      try {
        result = await insideTransaction.run(conn.lane, () => fn(tx));
      } catch (error) {
        tx.active = false;
        await this.control(driver, { kind: "rollback" }, ctx).catch(noop);
        throw error;
      }
      tx.active = false;
      try {
        await this.control(driver, { kind: "commit" }, ctx);
      } catch (error) {
        await this.control(driver, { kind: "rollback" }, ctx).catch(noop);
        throw error;
      }
      this.publish({ now: 0, watched: true, published: tx.published });
      return result;
    });
  }

  private async control(
    driver: SqlDriver,
    request: SqlRequest,
    ctx: contract.ErrorContext,
  ): Promise<void> {
    try {
      await driver.execute(request);
    } catch (error) {
      throw convertError(this.host, error, ctx, this.host.location);
    }
  }

  /** BEGIN IMMEDIATE with the same bounded BUSY retry as single operations. */
  private async begin(driver: SqlDriver, ctx: contract.ErrorContext): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.control(driver, { kind: "begin", mode: "write" }, ctx);
        return;
      } catch (error) {
        if (!(error instanceof SessionKitError) || error.code !== "BUSY") throw error;
        if (attempt >= this.host.retry.retries) throw error;
        if (!(this.host.isRetryable?.(error.cause) ?? true)) throw error;
        await sleep(backoffDelay(this.host.retry, attempt + 1));
      }
    }
  }

  async purgeExpired(options?: contract.PurgeOptions): Promise<contract.PurgeResult> {
    const ctx = this.context("purgeExpired");
    const o = normalizePurgeOptions(options, ctx);
    let deleted = 0;
    for (;;) {
      if (o.signal?.aborted) return { deleted, done: false };
      this.context("purgeExpired");
      const batch = await this.exec(ctx, "write", () =>
        this.engine.purgeBatch(o.expiredBefore, o.batchSize),
      );
      deleted += batch;
      if (batch > 0) {
        o.onProgress?.(deleted);
        this.host.connection.hub.changedAll();
      }
      if (batch < o.batchSize) return { deleted, done: true };
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async stats(): Promise<contract.RepositoryStats> {
    const m = this.engine.dialect.maintenance;
    const ctx = this.context("stats");
    type Counts = {
      sessions: number;
      active_sessions: number;
      events: number;
      state_keys: number;
      database_bytes: number;
      free_bytes: number;
    };
    const counts = (await this.exec(ctx, "read", () => get<Counts>(m.statsCounts, []))) as Counts;
    const files = await this.host.fileSizes();
    return {
      sessions: Number(counts.sessions),
      activeSessions: Number(counts.active_sessions),
      events: Number(counts.events),
      stateKeys: Number(counts.state_keys),
      bytesOnDisk: files.databaseBytes + files.walBytes,
      schemaVersion: SCHEMA_VERSION,
      details: {
        databaseBytes: files.databaseBytes,
        walBytes: files.walBytes,
        pageBytes: Number(counts.database_bytes),
        freeBytes: Number(counts.free_bytes),
      },
    };
  }

  async maintain(options?: contract.MaintainOptions): Promise<contract.MaintenanceResult> {
    const m = this.engine.dialect.maintenance;
    const ctx = this.context("maintain");
    assertOptionsObject(options, "options", ["checkpoint", "vacuum", "analyze"], ctx);
    const size = async () => {
      const f = await this.host.fileSizes();
      return f.databaseBytes + f.walBytes;
    };
    const bytesBefore = await size();
    const performed: string[] = [];
    if (options?.analyze !== false) {
      await this.bare(ctx, () => script(m.optimize));
      performed.push("analyze");
    }
    if (options?.vacuum !== false) {
      await this.bare(ctx, () => script(m.vacuum));
      performed.push("vacuum");
    }
    if (options?.checkpoint !== false) {
      await this.bare(ctx, () => all(m.checkpointTruncate, []));
      performed.push("checkpoint");
    }
    return { performed, bytesBefore, bytesAfter: await size() };
  }

  async checkIntegrity(): Promise<contract.IntegrityReport> {
    const m = this.engine.dialect.maintenance;
    const ctx = this.context("checkIntegrity");
    const problems: contract.IntegrityProblem[] = [];
    const location = this.host.location;
    const check = async (kind: string, work: () => SqlWork<void>) => {
      try {
        await this.bare(ctx, work);
      } catch (error) {
        problems.push({
          kind,
          message: error instanceof Error ? error.message : String(error),
          subject: location,
        });
      }
    };
    const pragmaRows = (kind: string, sql: string) =>
      function* (): SqlWork<void> {
        const rows = yield* all<Record<string, unknown>>(sql, []);
        for (const row of rows) {
          const values = Object.values(row);
          if (values.length === 1 && values[0] === "ok") continue;
          problems.push({ kind, message: JSON.stringify(row), subject: location });
        }
      };
    await check("integrity", pragmaRows("integrity", m.integrityCheck));
    await check("quick", pragmaRows("quick", m.quickCheck));
    await check("foreign-key", pragmaRows("foreign-key", m.foreignKeyCheck));
    await check("full-text", function* () {
      yield* all(m.fullTextIntegrityCheck, []);
    });
    await check("seq-gap", function* () {
      const rows = yield* all<{
        app_name: string;
        user_id: string;
        session_id: string;
        last_seq: number;
        n: number;
        max_seq: number | null;
      }>(m.seqConsistencyCheck, []);
      for (const r of rows) {
        problems.push({
          kind: "seq-gap",
          message: `lastSeq is ${r.last_seq} but the session has ${r.n} events (highest seq ${r.max_seq ?? 0})`,
          subject: JSON.stringify([r.app_name, r.user_id, r.session_id]),
        });
      }
    });
    return { ok: problems.length === 0, problems };
  }

  async backup(destination: string): Promise<contract.BackupResult> {
    const ctx = this.context("backup", destination);
    if (!this.capabilities.backup) {
      throw new SessionKitError({
        ...ctx,
        code: "UNSUPPORTED",
        problem: "this repository cannot make backups",
      });
    }
    if (typeof destination !== "string" || destination.length === 0) {
      throw invalidArgument(ctx, "destination", "must be a non-empty file path");
    }
    try {
      return await this.host.backup(destination);
    } catch (error) {
      throw convertError(this.host, error, ctx, destination);
    }
  }

  async health(): Promise<contract.HealthReport> {
    const ctx = this.context("health");
    return probeHealth(async () => this.exec(ctx, "read", () => get("SELECT 1 AS ok", [])));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of [...this.streams]) stream.end();
    this.streams.clear();
    await this.host.connection.lane.idle();
    await this.host.release();
  }
}
