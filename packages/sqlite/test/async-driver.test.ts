/**
 * The shared SQL layer on an ASYNCHRONOUS driver (what @sessionkit/libsql uses): every
 * statement of a real better-sqlite3 database answers through setImmediate, so operations
 * really interleave and the per-connection queue, transactions and watchers are exercised on
 * the async path. The whole conformance suite must pass unchanged.
 */
import { describeSessionRepository } from "@sessionkit/conformance";
import type { RepositoryCapabilities } from "@sessionkit/core";
import { resolveLimits } from "@sessionkit/core/adapter-kit";
import {
  defaultRetryPolicy,
  Lane,
  migrateSchema,
  SessionEngine,
  SqlRepository,
  type SqlRepositoryHost,
  type SqlSharedConnection,
  setFullText,
  WatchHub,
} from "@sessionkit/sql";
import {
  driveSync,
  inWriteTransaction,
  type SqlDriver,
  type SqlRequest,
} from "@sessionkit/sql/driver";
import { BetterSqliteDriver } from "@sessionkit/sqlite";
import Database from "better-sqlite3";

class AsyncDriver implements SqlDriver {
  constructor(private readonly inner: BetterSqliteDriver) {}
  execute(request: SqlRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        try {
          resolve(this.inner.execute(request));
        } catch (error) {
          reject(error);
        }
      });
    });
  }
}

const capabilities: RepositoryCapabilities = {
  transactions: "multi-session",
  crossProcess: false,
  search: "fulltext",
  watch: "in-process",
  watchPartials: "in-process",
  remote: false,
  persistent: false,
  backup: false,
};

function createAsyncRepository(): SqlRepository {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  const sync = new BetterSqliteDriver(db);
  driveSync(inWriteTransaction(migrateSchema({ adapter: "async", location: ":memory:" }, 0)), sync);
  driveSync(inWriteTransaction(setFullText(true)), sync);
  const driver = new AsyncDriver(sync);
  let opened = false;
  const connection: SqlSharedConnection = {
    lane: new Lane(),
    hub: new WatchHub(),
    engine: new SessionEngine(),
    poller: null,
    // Lazy "open" that resolves asynchronously the first time, like a network driver.
    driver: () => {
      if (opened) return driver;
      opened = true;
      return Promise.resolve(driver);
    },
  };
  const host: SqlRepositoryHost = {
    adapter: "async-test",
    location: ":memory:",
    capabilities,
    limits: resolveLimits(undefined),
    retry: defaultRetryPolicy,
    connection,
    fileSizes: async () => ({ databaseBytes: 0, walBytes: 0 }),
    backup: async () => {
      throw new Error("no backup in this test host");
    },
    release: async () => {
      db.close();
    },
  };
  return new SqlRepository(host);
}

describeSessionRepository(
  {
    name: "shared SQL layer on an async driver",
    capabilities,
    create: async () => createAsyncRepository(),
  },
  { modelRuns: 10 },
);
