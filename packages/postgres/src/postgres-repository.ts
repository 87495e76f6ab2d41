import type * as contract from "@sessionkit/core";
import {
  assertOptionsObject,
  invalidArgument,
  reenteredTransaction,
} from "@sessionkit/core/adapter-kit";
import {
  type CoalescedAppend,
  SqlRepository,
  type SqlRepositoryHost,
  SqlTransaction,
  type WorkKind,
  type WriteContext,
} from "@sessionkit/sql";
import { get, type SqlWork } from "@sessionkit/sql/driver";
import type pg from "pg";
import { convertPgError } from "./convert-pg-error.js";
import { openTransaction, type PgConnection } from "./pg-connection.js";
import {
  checkStructure,
  countUnindexedEvents,
  indexUnindexedEvents,
  STORE_TABLES,
  storeBytes,
} from "./postgres-maintenance.js";
import { POSTGRES_SCHEMA_VERSION } from "./schema-migrations.js";

const noop = (): void => undefined;

/**
 * The SessionRepository on PostgreSQL: the shared SQL repository (every data operation is one
 * unit of the shared engine's work, in its own transaction on its own pooled connection) with
 * PostgreSQL's transactions, stats, maintenance and integrity checks.
 */
export class PostgresRepository extends SqlRepository {
  /** @internal Use `createPostgresRepository` or `openFromUrl`. */
  constructor(
    private readonly pg: PgConnection,
    host: SqlRepositoryHost,
  ) {
    super(host);
  }

  /** The PostgreSQL schema holding this store. */
  get schema(): string {
    return this.pg.options.schema;
  }

  /**
   * Connects and creates or migrates the schema now (otherwise done by the first operation).
   * @throws IO when the server cannot be reached; SCHEMA when the schema is newer or edited.
   */
  async open(): Promise<void> {
    const ctx = this.context("open");
    try {
      await this.pg.open();
    } catch (error) {
      throw convertPgError(error, ctx, this.host.location);
    }
  }

  protected override exec<T>(
    ctx: contract.ErrorContext,
    kind: WorkKind,
    work: (w: WriteContext) => SqlWork<T>,
    coalesce?: CoalescedAppend,
  ): T | Promise<T> {
    // The repository called from inside its own transaction callback: its write would wait
    // for the row locks the transaction holds, forever.
    if (openTransaction.getStore()?.connection === this.pg) throw reenteredTransaction(ctx);
    return super.exec(ctx, kind, work, coalesce);
  }

  /**
   * Runs `fn` in one PostgreSQL transaction (READ COMMITTED; every session it writes is locked
   * by row until the end) on one pooled connection. Transactions of one store run one after
   * another on every host (a store-wide advisory lock); single operations outside run beside
   * them and wait only for the rows (sessions, state keys) the transaction wrote; each operation of `tx` runs in a savepoint,
   * so a failed one leaves nothing behind and the transaction stays usable. Commits when `fn`
   * resolves, rolls back when it throws (rethrowing its error). Watchers are told after the commit.
   * Await each `tx` operation before the next: they share one connection.
   * @throws INVALID_ARGUMENT when called from inside this repository's own transaction callback.
   */
  override async transaction<T>(fn: (tx: contract.SessionTransaction) => Promise<T>): Promise<T> {
    const ctx = this.context("transaction");
    if (typeof fn !== "function") throw invalidArgument(ctx, "fn", "must be a function");
    if (openTransaction.getStore()?.connection === this.pg) throw reenteredTransaction(ctx);
    // Through the lane only so that close() waits for it; nothing queues.
    return this.host.connection.lane.run(() => this.runTransaction(ctx, fn));
  }

  private async runTransaction<T>(
    ctx: contract.ErrorContext,
    fn: (tx: contract.SessionTransaction) => Promise<T>,
  ): Promise<T> {
    const location = this.host.location;
    const driver = this.pg.newDriver();
    try {
      await this.pg.open();
      await driver.execute({ kind: "begin", mode: "write" });
      // Transactions of one store run one after another, on every host (as on SQLite): each
      // waits for this store-wide lock, held until its commit or rollback.
      await driver.execute({
        kind: "get",
        sql: "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        params: [`sessionkit:transaction:${this.pg.options.schema}`],
      });
    } catch (error) {
      await driver.execute({ kind: "rollback" }).catch(noop);
      throw convertPgError(error, ctx, location);
    }
    const tx = new SqlTransaction(this.host);
    let result: T;
    try {
      result = await openTransaction.run({ connection: this.pg, driver }, () => fn(tx));
    } catch (error) {
      tx.active = false;
      await driver.execute({ kind: "rollback" }).catch(noop);
      throw error;
    }
    tx.active = false;
    try {
      await driver.execute({ kind: "commit" });
    } catch (error) {
      await driver.execute({ kind: "rollback" }).catch(noop);
      throw convertPgError(error, ctx, location);
    }
    const hub = this.host.connection.hub;
    for (const [key, event] of tx.published) hub.publish(key, event);
    return result;
  }

  /** Counts in one snapshot; `bytesOnDisk` is the size of the store's tables with indexes. */
  override async stats(): Promise<contract.RepositoryStats> {
    const ctx = this.context("stats");
    type Counts = {
      sessions: number;
      active_sessions: number;
      events: number;
      state_keys: number;
      database_bytes: number;
    };
    const m = this.engine.dialect.maintenance;
    const counts = (await this.exec(ctx, "read", () => get<Counts>(m.statsCounts, []))) as Counts;
    return {
      sessions: Number(counts.sessions),
      activeSessions: Number(counts.active_sessions),
      events: Number(counts.events),
      stateKeys: Number(counts.state_keys),
      bytesOnDisk: Number(counts.database_bytes),
      schemaVersion: POSTGRES_SCHEMA_VERSION,
      details: { tableBytes: Number(counts.database_bytes), poolSize: this.pg.pool.totalCount },
    };
  }

  /**
   * Adds the search terms of events another tool inserted without them ("search-index", when
   * there were any); `analyze` (default on): ANALYZE of the store's tables; `vacuum` (default
   * on): VACUUM (ANALYZE) of them, outside any transaction and without the statement timeout.
   * `checkpoint` is accepted and has nothing to do: the server manages its WAL.
   */
  override async maintain(options?: contract.MaintainOptions): Promise<contract.MaintenanceResult> {
    const ctx = this.context("maintain");
    assertOptionsObject(options, "options", ["checkpoint", "vacuum", "analyze"], ctx);
    return this.withClient(ctx, async (client) => {
      const bytesBefore = await storeBytes(client);
      const performed: string[] = [];
      await client.query("SET statement_timeout = 0");
      if ((await indexUnindexedEvents(client)) > 0) performed.push("search-index");
      const tables = STORE_TABLES.join(", ");
      if (options?.vacuum !== false) {
        await client.query(`VACUUM (ANALYZE) ${tables}`);
        performed.push("vacuum", "analyze");
      } else if (options?.analyze !== false) {
        await client.query(`ANALYZE ${tables}`);
        performed.push("analyze");
      }
      await client.query("RESET statement_timeout");
      return { performed, bytesBefore, bytesAfter: await storeBytes(client) };
    });
  }

  /**
   * Checks what can go wrong in a store on a sound server: seq gaps (lastSeq against the
   * events), missing or invalid indexes, missing foreign keys, orphaned events, events without
   * search terms, migrations that are not this package's.
   */
  override async checkIntegrity(): Promise<contract.IntegrityReport> {
    const ctx = this.context("checkIntegrity");
    const schema = this.pg.options.schema;
    const m = this.engine.dialect.maintenance;
    return this.withClient(ctx, async (client) => {
      const problems = await checkStructure(client, schema);
      const unindexed = await countUnindexedEvents(client);
      if (unindexed > 0) {
        problems.push({
          kind: "search-index",
          message: `${unindexed} events were written without search terms (by another tool) and are not found by searchEvents until \`maintain()\` (sessionkit maintain) indexes them`,
          subject: `${schema}.events`,
        });
      }
      const gaps = await client.query<{
        app_name: string;
        user_id: string;
        session_id: string;
        last_seq: number;
        n: number;
        max_seq: number | null;
      }>(m.seqConsistencyCheck);
      for (const r of gaps.rows) {
        problems.push({
          kind: "seq-gap",
          message: `lastSeq is ${r.last_seq} but the session has ${r.n} events (highest seq ${r.max_seq ?? 0})`,
          subject: JSON.stringify([r.app_name, r.user_id, r.session_id]),
        });
      }
      return { ok: problems.length === 0, problems };
    });
  }

  /** Runs `fn` on one pooled connection of a migrated store, converting errors once. */
  private async withClient<T>(
    ctx: contract.ErrorContext,
    fn: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    let client: pg.PoolClient | undefined;
    try {
      await this.pg.open();
      client = await this.pg.pool.connect();
      const result = await fn(client);
      client.release();
      return result;
    } catch (error) {
      client?.release(true);
      throw convertPgError(error, ctx, this.host.location);
    }
  }
}
