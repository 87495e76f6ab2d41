import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { SessionKitError } from "@sessionkit/core";
import {
  ChangePoller,
  inspectSchema,
  Lane,
  migrateSchema,
  openWhileBusy,
  type SchemaContext,
  type SchemaState,
  SessionEngine,
  type SqlSharedConnection,
  setFullText,
  toSessionKitError,
  WatchHub,
} from "@sessionkit/sql";
import { BackgroundCheckpointer } from "@sessionkit/sql/checkpoint";
import { driveSync, get, inWriteTransaction } from "@sessionkit/sql/driver";
import Database from "better-sqlite3";
import { BetterSqliteDriver } from "./better-sqlite3-driver.js";
import type { ResolvedSqliteOptions } from "./options.js";
import { workerScript } from "./worker-script.js";

export const ADAPTER = "sqlite";

/**
 * One better-sqlite3 handle for one database file in this process, shared (reference counted)
 * by every repository that opens the file. Opens lazily on first use: creates parent
 * directories, checks the schema with one read, sets WAL / foreign_keys / synchronous,
 * migrates atomically when needed. A handle found closed is reopened on the next call.
 */
export class SqliteConnection implements SqlSharedConnection {
  readonly lane = new Lane();
  readonly hub = new WatchHub();
  readonly engine = new SessionEngine();
  readonly poller: ChangePoller | null;
  private current: BetterSqliteDriver | null = null;
  private closed = false;
  /** Checkpoints the WAL on another thread (file databases with `backgroundCheckpoint`). */
  private readonly checkpointer: BackgroundCheckpointer | null;

  constructor(readonly options: ResolvedSqliteOptions) {
    this.engine.fullText = options.fullTextSearch;
    this.checkpointer =
      options.memory || !options.backgroundCheckpoint
        ? null
        : new BackgroundCheckpointer(
            options.path,
            (pages) => this.openDriver?.db.pragma(`wal_autocheckpoint = ${pages}`),
            workerScript("wal-checkpoint-worker"),
          );
    this.poller = options.memory
      ? null
      : new ChangePoller(this.lane, () => this.driver(), this.hub, options.watchIntervalMs);
  }

  get location(): string {
    return this.options.path;
  }

  /** The open driver; opens (or reopens a dead handle) synchronously. */
  driver(): BetterSqliteDriver {
    const d = this.current;
    if (d?.db.open) return d;
    if (this.closed) {
      throw new SessionKitError({
        code: "CLOSED",
        adapter: ADAPTER,
        operation: "open",
        subject: this.location,
        problem: "the connection was closed",
      });
    }
    this.current = this.open();
    return this.current;
  }

  /** The handle if it is open, without opening it. */
  get openDriver(): BetterSqliteDriver | null {
    return this.current?.db.open ? this.current : null;
  }

  private open(): BetterSqliteDriver {
    const { path, memory } = this.options;
    const ctx = { adapter: ADAPTER, operation: "open", subject: path };
    if (!memory) {
      const dir = dirname(path);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (error) {
        throw new SessionKitError({
          ...ctx,
          code: "IO",
          problem: `cannot create the database directory ${dir}: ${(error as Error).message}`,
          remedy: `create ${dir} (or choose another path) and make it writable`,
          cause: error,
        });
      }
    }
    // Two processes opening a fresh file at once can meet SQLITE_BUSY where SQLite does not call
    // the busy handler: the whole open is retried until the busy timeout is spent.
    try {
      return openWhileBusy(() => this.openOnce(path, memory), this.options.busyTimeoutMs);
    } catch (error) {
      throw toSessionKitError(error, ctx, path);
    }
  }

  /** One attempt: open the handle, read the schema state, set pragmas, migrate if needed. */
  private openOnce(path: string, memory: boolean): BetterSqliteDriver {
    const db = new Database(path, { timeout: this.options.busyTimeoutMs });
    try {
      const driver = new BetterSqliteDriver(db);
      const schemaCtx: SchemaContext = { adapter: ADAPTER, location: path };
      // One read decides everything on a warm open; a foreign file is never written.
      const state = driveSync(inspectSchema(schemaCtx), driver) as SchemaState;
      if (!memory) db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${this.options.synchronous === "full" ? "FULL" : "NORMAL"}`);
      db.pragma("foreign_keys = ON");
      if (this.checkpointer) {
        const checkpointer = this.checkpointer;
        // A reopened handle: the worker already checkpoints.
        if (checkpointer.running) db.pragma(`wal_autocheckpoint = ${checkpointer.writerPages}`);
        driver.onWriteCommit = () => checkpointer.committed();
      }
      if (state.status !== "current") {
        driveSync(inWriteTransaction(migrateSchema(schemaCtx, Date.now())), driver);
      }
      const want = this.options.fullTextSearch;
      // Also when a foreign writer's events wait to be re-tokenized (setFullText does it).
      if (
        (state.status === "current" ? state.fullText : undefined) !== want ||
        (want && state.searchPending)
      ) {
        driveSync(inWriteTransaction(setFullText(want)), driver);
      }
      return driver;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Bytes of the database file and its WAL (0 for ":memory:"). */
  fileSizes(): { databaseBytes: number; walBytes: number } {
    if (this.options.memory) {
      const d = this.openDriver;
      if (!d) return { databaseBytes: 0, walBytes: 0 };
      const row = driveSync(
        get<{ n: number }>(
          "SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()) AS n",
          [],
        ),
        d,
      ) as { n: number };
      return { databaseBytes: Number(row.n), walBytes: 0 };
    }
    const size = (p: string) => {
      try {
        return statSync(p).size;
      } catch {
        return 0;
      }
    };
    return { databaseBytes: size(this.location), walBytes: size(`${this.location}-wal`) };
  }

  /** Checkpoints the WAL into the file (TRUNCATE) and closes the handle. */
  close(): void {
    this.closed = true;
    this.poller?.stop();
    this.checkpointer?.stop();
    const d = this.current;
    this.current = null;
    if (!d?.db.open) return;
    try {
      if (!this.options.memory) d.db.pragma("wal_checkpoint(TRUNCATE)");
    } catch {
      // Another process may hold the database; the WAL is checkpointed by a later close.
    }
    d.db.close();
  }
}
