import { mkdirSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type BackupResult,
  type ErrorContext,
  type Limits,
  type RepositoryCapabilities,
  SessionKitError,
} from "@sessionkit/core";
import type {
  AppendGroupRunner,
  GroupCommitPolicy,
  RetryPolicy,
  SqlRepositoryHost,
} from "@sessionkit/sql";
import { drive, run } from "@sessionkit/sql/driver";
import { capabilitiesFor } from "./capabilities.js";
import { acquireConnection } from "./connection/connection-registry.js";
import type { LibsqlConnection } from "./connection/libsql-connection.js";
import { RequestDeadlineError } from "./driver/request-deadline-error.js";
import { convertLibsqlError } from "./errors/convert-error.js";
import type { Location } from "./location/resolve-location.js";
import { RemoteAppendGroup } from "./remote/remote-append-group.js";
import type { ResolvedLibsqlOptions } from "./resolve-options.js";

/** Everything the shared SQL repository needs from this adapter, for one repository. */
export class LibsqlHost implements SqlRepositoryHost {
  readonly adapter = "libsql";
  readonly location: string;
  readonly capabilities: RepositoryCapabilities;
  readonly limits: Limits;
  readonly retry: RetryPolicy;
  readonly connection: LibsqlConnection;
  /**
   * Concurrent appends share one transaction: embedded files and memory with a savepoint each;
   * remote servers with their one-batch plans pipelined ({@link RemoteAppendGroup}). Embedded
   * replicas write through to their primary one append at a time.
   */
  readonly groupCommit: GroupCommitPolicy | false;
  /** Remote servers: appends coalesced into one pipelined round trip. */
  readonly appendGroup: AppendGroupRunner | undefined;
  readonly #release: () => void;

  constructor(
    readonly place: Location,
    options: ResolvedLibsqlOptions,
  ) {
    const ctx = { adapter: "libsql", operation: "open", subject: place.display };
    this.location = place.display;
    this.limits = options.limits;
    this.retry = options.retry;
    this.groupCommit = options.groupCommit && place.kind !== "replica" ? { maxInFlight: 1 } : false;
    if (place.kind === "file" || place.kind === "replica") ensureParentDirectory(place.path, ctx);
    const { connection, release } = acquireConnection(place, {
      busyTimeoutMs: options.busyTimeoutMs,
      synchronous: options.synchronous,
      fullTextSearch: options.fullTextSearch,
      embeddedDriver: options.embeddedDriver,
      authToken: options.authToken,
      syncIntervalSeconds: options.syncIntervalSeconds,
      requestTimeoutMs: options.requestTimeoutMs,
      backgroundCheckpoint: options.backgroundCheckpoint,
      watchIntervalMs: options.watchIntervalMs,
    });
    this.connection = connection;
    this.appendGroup = place.kind === "remote" ? new RemoteAppendGroup(connection) : undefined;
    this.#release = release;
    this.capabilities = capabilitiesFor(place, connection.settings.fullTextSearch);
  }

  /** The one conversion of libSQL driver errors (see convertLibsqlError). */
  convertError(error: unknown, ctx: ErrorContext, location: string): SessionKitError {
    return convertLibsqlError(error, ctx, location);
  }

  /** A missed deadline already waited the whole budget: the caller decides whether to retry. */
  isRetryable(driverError: unknown): boolean {
    return !(driverError instanceof RequestDeadlineError);
  }

  async fileSizes(): Promise<{ databaseBytes: number; walBytes: number }> {
    if (this.place.kind !== "file" && this.place.kind !== "replica") {
      return { databaseBytes: 0, walBytes: 0 };
    }
    const size = (path: string) =>
      stat(path).then(
        (s) => s.size,
        () => 0,
      );
    const [databaseBytes, walBytes] = await Promise.all([
      size(this.place.path),
      size(`${this.place.path}-wal`),
    ]);
    return { databaseBytes, walBytes };
  }

  /** `VACUUM INTO`: an online, consistent, compacted copy, taken in the connection's queue. */
  async backup(destination: string): Promise<BackupResult> {
    if (!this.capabilities.backup) {
      throw new SessionKitError({
        adapter: this.adapter,
        operation: "backup",
        subject: destination,
        code: "UNSUPPORTED",
        problem: `there is no local database file to copy in ${this.place.kind} mode`,
        remedy:
          "back up on the server (sqld/Turso snapshots), or use the export command of sessionkit-migrate",
      });
    }
    ensureParentDirectory(destination, {
      adapter: this.adapter,
      operation: "backup",
      subject: destination,
    });
    const connection = this.connection;
    await connection.lane.run(async () => {
      const driver = await connection.driver();
      await drive(run("VACUUM INTO ?", [destination]), driver);
    });
    const bytes = (await stat(destination)).size;
    return { destination, bytes };
  }

  async release(): Promise<void> {
    this.#release();
  }
}

function ensureParentDirectory(
  path: string,
  ctx: { adapter: string; operation: string; subject: string },
): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (cause) {
    throw new SessionKitError({
      ...ctx,
      code: "IO",
      problem: `cannot create the directory ${dirname(path)} (${(cause as Error).message})`,
      remedy: "check the path and the permissions of its parent directories",
      cause,
    });
  }
}
