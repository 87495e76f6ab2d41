import type { Client } from "@libsql/client";
import type { SessionKitError } from "@sessionkit/core";
import {
  ChangePoller,
  Lane,
  openWhileBusy,
  openWhileBusyAsync,
  SessionEngine,
  type SqlSharedConnection,
  WatchHub,
} from "@sessionkit/sql";
import { BackgroundCheckpointer } from "@sessionkit/sql/checkpoint";
import { drive, type SqlDriver } from "@sessionkit/sql/driver";
import { ClientDriver } from "../driver/client-driver.js";
import { EmbeddedDriver } from "../driver/embedded-driver.js";
import { EmbeddedAppendFastPath } from "../embedded/embedded-append-fast-path.js";
import { convertLibsqlError } from "../errors/convert-error.js";
import type { Location } from "../location/resolve-location.js";
import { RemoteAppendFastPath } from "../remote/remote-append-fast-path.js";
import { workerScript } from "../worker-script.js";
import { prepareSchema } from "./prepare-schema.js";

/**
 * A 16 MiB page cache per local connection, as better-sqlite3 builds SQLite (libsql keeps
 * SQLite's 2 MiB default). A session's events are spread over the pages of every session that
 * wrote at the same time, so reading its last 1,000 events touches hundreds of pages: with 2 MiB
 * of cache they came from the OS on every read (measured: last 1,000 of 1,200 events among 60,000
 * appended round-robin to 50 sessions, 3.6x the clustered lean floor with 2 MiB each, 1.3x
 * with 16 MiB each; see the package README, "Page cache").
 */
const PAGE_CACHE_PRAGMA = "PRAGMA cache_size = -16000";

/** Settings a connection is opened with (the first opener's win when shared). */
export interface ConnectionSettings {
  busyTimeoutMs: number;
  synchronous: "normal" | "full";
  fullTextSearch: boolean;
  embeddedDriver: "native" | "client";
  authToken: string | undefined;
  syncIntervalSeconds: number | undefined;
  /** Remote server and replica: the deadline of every request (see ClientDriverOptions). */
  requestTimeoutMs: number;
  /** Embedded file: how often watchers poll for other processes' commits. */
  watchIntervalMs: number;
  /** Embedded file (native driver): checkpoint the WAL on a worker thread. */
  backgroundCheckpoint: boolean;
}

type Opened = EmbeddedDriver | ClientDriver;

/**
 * One physical libSQL connection per database per process, shared by every repository on it
 * (queue, watchers, change poller). Opens lazily on first use, migrates the schema then, and
 * reopens a handle found closed. Embedded databases use the synchronous driver; remote
 * servers and embedded replicas use `@libsql/client`.
 */
export class LibsqlConnection implements SqlSharedConnection {
  readonly lane = new Lane();
  readonly hub = new WatchHub();
  readonly engine: SessionEngine;
  readonly poller: ChangePoller | null;
  #driver: Opened | null = null;
  #opening: Promise<Opened> | null = null;
  #closed = false;
  /** Checkpoints the WAL on another thread (embedded files with `backgroundCheckpoint`). */
  readonly #checkpointer: BackgroundCheckpointer | null;

  constructor(
    readonly location: Location,
    readonly settings: ConnectionSettings,
    private readonly loadClient: () => Promise<typeof import("@libsql/client")>,
  ) {
    // Remote servers: appends as one batch (one round trip) in the common case. Embedded:
    // a single event with one statement fewer.
    this.engine = new SessionEngine({
      fastPath:
        location.kind === "remote"
          ? new RemoteAppendFastPath()
          : this.usesEmbeddedDriver
            ? new EmbeddedAppendFastPath()
            : undefined,
    });
    this.#checkpointer =
      location.kind === "file" && this.usesEmbeddedDriver && settings.backgroundCheckpoint
        ? new BackgroundCheckpointer(
            location.path,
            (pages) => {
              const open = this.#driver;
              if (open instanceof EmbeddedDriver)
                open.database.exec(`PRAGMA wal_autocheckpoint = ${pages}`);
            },
            workerScript("wal-checkpoint-worker"),
          )
        : null;
    // data_version sees commits of other connections to the same file: cross-process watch.
    this.poller =
      location.kind === "file"
        ? new ChangePoller(this.lane, () => this.driver(), this.hub, settings.watchIntervalMs)
        : null;
  }

  /** True when the data lives in this process only (`:memory:`). */
  get isMemory(): boolean {
    return this.location.kind === "memory";
  }

  driver(): SqlDriver | Promise<SqlDriver> {
    const current = this.#driver;
    if (current !== null && isAlive(current)) return current;
    if (this.#opening) return this.#opening;
    if (current !== null) {
      // Found dead (e.g. closed underneath): drop it and reopen. :memory: data cannot survive.
      this.#driver = null;
      safeClose(current);
    }
    if (this.#closed)
      throw Object.assign(new Error("the connection is closed"), { code: "CLIENT_CLOSED" });
    if (this.usesEmbeddedDriver) {
      let driver: EmbeddedDriver;
      try {
        // Processes opening a fresh file at once can meet BUSY where SQLite does not call the
        // busy handler (switching to WAL, a schema being created): the whole open is retried.
        driver = openWhileBusy(() => this.openEmbedded(), this.settings.busyTimeoutMs);
      } catch (error) {
        throw this.openError(error);
      }
      this.#driver = driver;
      return driver;
    }
    const open = () => this.openClient();
    this.#opening = (
      this.location.kind === "file" ? openWhileBusyAsync(open, this.settings.busyTimeoutMs) : open()
    ).then(
      (driver) => {
        this.#opening = null;
        if (this.#closed) {
          driver.close();
          throw Object.assign(new Error("the connection was closed while opening"), {
            code: "CLIENT_CLOSED",
          });
        }
        this.#driver = driver;
        return driver;
      },
      (error: unknown) => {
        this.#opening = null;
        throw this.openError(error);
      },
    );
    return this.#opening;
  }

  /** The open driver, if any (without opening). */
  get openDriver(): Opened | null {
    return this.#driver;
  }

  get usesEmbeddedDriver(): boolean {
    const kind = this.location.kind;
    return (kind === "file" || kind === "memory") && this.settings.embeddedDriver === "native";
  }

  close(): void {
    this.#closed = true;
    this.poller?.stop();
    // The worker's connection closes first: no checkpoint runs beside the closing writer.
    this.#checkpointer?.stop();
    const driver = this.#driver;
    this.#driver = null;
    if (driver) safeClose(driver);
  }

  /** Opening failures name the database and say what to do (the one conversion). */
  private openError(error: unknown): SessionKitError {
    return convertLibsqlError(
      error,
      { adapter: "libsql", operation: "open", subject: this.location.display },
      this.location.display,
    );
  }

  private openEmbedded(): EmbeddedDriver {
    const { location, settings } = this;
    const path = location.kind === "file" ? location.path : ":memory:";
    const driver = new EmbeddedDriver(path, { busyTimeoutMs: settings.busyTimeoutMs });
    try {
      if (location.kind === "file") driver.database.exec("PRAGMA journal_mode = WAL");
      driver.database.exec(
        `PRAGMA synchronous = ${settings.synchronous === "full" ? "FULL" : "NORMAL"}; PRAGMA foreign_keys = ON; ${PAGE_CACHE_PRAGMA}`,
      );
      const fullText = drive(
        prepareSchema(
          { adapter: "libsql", location: location.display },
          settings.fullTextSearch,
          Date.now(),
        ),
        driver,
      ) as boolean;
      this.engine.fullText = fullText;
      const checkpointer = this.#checkpointer;
      if (checkpointer) {
        // A reopened handle: the worker already checkpoints.
        if (checkpointer.running)
          driver.database.exec(`PRAGMA wal_autocheckpoint = ${checkpointer.writerPages}`);
        driver.onWriteCommit = () => checkpointer.committed();
      }
      return driver;
    } catch (error) {
      driver.close();
      throw error;
    }
  }

  private async openClient(): Promise<ClientDriver> {
    const { createClient } = await this.loadClient();
    const { location, settings } = this;
    let client: Client;
    if (location.kind === "remote") {
      client = createClient({
        url: location.url,
        authToken: settings.authToken,
        intMode: "number",
      });
    } else if (location.kind === "replica") {
      client = createClient({
        url: `file:${location.path}`,
        syncUrl: location.syncUrl,
        authToken: settings.authToken,
        syncInterval: settings.syncIntervalSeconds,
        intMode: "number",
      });
    } else {
      client = createClient({
        url: location.kind === "memory" ? ":memory:" : `file:${location.path}`,
        intMode: "number",
        timeout: settings.busyTimeoutMs,
        // One connection: keeps :memory: data and the PRAGMAs below on every statement.
        concurrency: 1,
      });
    }
    const driver = new ClientDriver(
      client,
      location.kind === "file"
        ? { recycleOnBusy: true }
        : location.kind === "memory"
          ? {}
          : { requestTimeoutMs: settings.requestTimeoutMs },
    );
    try {
      if (location.kind === "replica") await client.sync();
      if (location.kind === "file") await client.execute("PRAGMA journal_mode = WAL");
      if (location.kind === "file" || location.kind === "memory") {
        await client.executeMultiple(
          `PRAGMA synchronous = ${settings.synchronous === "full" ? "FULL" : "NORMAL"}; PRAGMA foreign_keys = ON; ${PAGE_CACHE_PRAGMA}`,
        );
      }
      const fullText = (await drive(
        prepareSchema(
          { adapter: "libsql", location: location.display },
          settings.fullTextSearch,
          Date.now(),
        ),
        driver,
      )) as boolean;
      this.engine.fullText = fullText;
      if (location.kind === "replica") await client.sync();
      return driver;
    } catch (error) {
      driver.close();
      throw error;
    }
  }
}

function isAlive(driver: Opened): boolean {
  return driver instanceof EmbeddedDriver ? driver.database.open : !driver.client.closed;
}

function safeClose(driver: Opened): void {
  try {
    driver.close();
  } catch {
    // closing a broken handle: nothing more to do
  }
}
