import { AsyncLocalStorage } from "node:async_hooks";
import { type SqlSharedConnection, WatchHub } from "@sessionkit/sql";
import type { SqlDriver } from "@sessionkit/sql/driver";
import pg from "pg";
import { ConcurrentLane } from "./concurrent-lane.js";
import { migratePostgresSchema } from "./migrate-postgres-schema.js";
import { type ResolvedPostgresOptions, withoutSchemaParam } from "./options.js";
import { PgChangeSignal } from "./pg-change-signal.js";
import { PgSessionEngine } from "./pg-session-engine.js";
import { PgWorkDriver } from "./pg-work-driver.js";

/** The driver of the `transaction(fn)` callback running in this async context, per connection. */
export const openTransaction = new AsyncLocalStorage<{
  connection: PgConnection;
  driver: PgWorkDriver;
}>();

const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;
const asText = (value: string): string => value;

/**
 * Row values as the shared SQL layer reads them: int8 (counts, timestamps, seq, pk) as numbers
 * (all below 2^53), JSON and JSONB as their text (the engine parses JSON itself).
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8) return Number;
    if (oid === JSONB || oid === JSON_OID) return asText;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** The node-postgres settings of one store: every connection starts in the store's schema. */
export function poolConfig(o: ResolvedPostgresOptions): pg.PoolConfig {
  return {
    ...(o.url === undefined ? {} : { connectionString: withoutSchemaParam(o.url) }),
    max: o.max,
    ssl: o.ssl,
    connectionTimeoutMillis: o.connectionTimeoutMs,
    ...(o.statementTimeoutMs > 0 ? { statement_timeout: o.statementTimeoutMs } : {}),
    application_name: o.applicationName,
    options: `-c search_path=${o.schema}`,
    types,
  };
}

/**
 * One store's connection pool as the shared SQL repository sees it: a queue that does not
 * serialise (`ConcurrentLane`), the in-process watch hub, the engine with the PostgreSQL
 * statements and search index, the LISTEN/NOTIFY change signal, and `driver()`, which migrates the schema on
 * first use and hands each unit of work its own {@link PgWorkDriver} (inside `transaction(fn)`,
 * the transaction's).
 */
export class PgConnection implements SqlSharedConnection {
  readonly lane = new ConcurrentLane();
  readonly hub = new WatchHub();
  readonly engine = new PgSessionEngine();
  readonly poller: PgChangeSignal;
  readonly pool: pg.Pool;
  private opening: Promise<void> | null = null;
  private migrated = false;

  constructor(
    readonly options: ResolvedPostgresOptions,
    readonly location: string,
    private readonly adapter: string,
  ) {
    const config = poolConfig(options);
    this.pool = new pg.Pool(config);
    // An idle pooled connection that breaks (server restart) must not crash the process; the
    // pool drops it and the next call connects anew.
    this.pool.on("error", () => undefined);
    // The same for a checked-out connection: the failure reaches its query (and so the caller,
    // converted), the 'error' event must not be unhandled.
    this.pool.on("connect", (client) => {
      client.on("error", () => undefined);
    });
    this.poller = new PgChangeSignal(() => new pg.Client(config), options.schema, this.hub);
  }

  driver(): SqlDriver | Promise<SqlDriver> {
    const open = openTransaction.getStore();
    if (open?.connection === this) return open.driver;
    if (this.migrated) return this.newDriver();
    return this.open().then(() => this.newDriver());
  }

  /** A driver for one unit of work on the pool. */
  newDriver(): PgWorkDriver {
    return new PgWorkDriver(this.pool, this.options.preparedStatements);
  }

  /**
   * Creates and migrates the schema once (advisory-locked, see `migratePostgresSchema`); a
   * failure is thrown to the caller and the next call tries again.
   */
  open(): Promise<void> {
    this.opening ??= (async () => {
      const client = await this.pool.connect();
      try {
        await migratePostgresSchema(client, this.options.schema, {
          adapter: this.adapter,
          location: this.location,
        });
        client.release();
      } catch (error) {
        client.release(true);
        throw error;
      }
      this.migrated = true;
    })();
    const opening = this.opening;
    opening.catch(() => {
      if (this.opening === opening) this.opening = null;
    });
    return opening;
  }

  /** Stops listening and ends the pool (waits for checked-out connections to return). */
  async close(): Promise<void> {
    this.poller.stop();
    await this.pool.end();
  }
}
