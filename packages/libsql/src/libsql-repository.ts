import {
  type ErrorContext,
  type MaintainOptions,
  type MaintenanceResult,
  SessionKitError,
} from "@sessionkit/core";
import { assertOptionsObject } from "@sessionkit/core/adapter-kit";
import { SqlRepository } from "@sessionkit/sql";
import { ClientDriver } from "./driver/client-driver.js";
import { convertLibsqlError } from "./errors/convert-error.js";
import { LibsqlHost } from "./libsql-host.js";
import { resolveLocation } from "./location/resolve-location.js";
import type { LibsqlRepositoryOptions } from "./options.js";
import { resolveLibsqlOptions } from "./resolve-options.js";

/** The url named in option errors (before it is known to be valid). */
function describeUrl(options: unknown): string | undefined {
  const url = (options as { url?: unknown } | null)?.url;
  return typeof url === "string" ? url : undefined;
}

/** What `sync()` pulled from the server. */
export interface SyncResult {
  /** Frames applied to the local replica by this call. */
  framesSynced: number;
  /** The replica's replication index after the call (null when nothing was ever synced). */
  frameNo: number | null;
}

/**
 * A SessionRepository on libSQL: an embedded file or `:memory:` database, a remote libSQL
 * server (sqld, Turso) over HTTP or WebSocket, or an embedded replica of one.
 */
export class LibsqlRepository extends SqlRepository {
  readonly #host: LibsqlHost;

  /** @internal use {@link createLibsqlRepository}. */
  constructor(host: LibsqlHost) {
    super(host);
    this.#host = host;
  }

  /** The mode this repository runs in. */
  get mode(): "file" | "memory" | "remote" | "replica" {
    return this.#host.place.kind;
  }

  /**
   * Embedded modes: ANALYZE (PRAGMA optimize), VACUUM and a WAL checkpoint, as asked.
   * Remote server and replica: nothing to do here; the server owns its files (sqld refuses
   * these statements), so `performed` is empty.
   */
  override async maintain(options?: MaintainOptions): Promise<MaintenanceResult> {
    const kind = this.#host.place.kind;
    if (kind === "file" || kind === "memory") return super.maintain(options);
    const ctx = this.context("maintain", this.#host.location);
    assertOptionsObject(options, "options", ["checkpoint", "vacuum", "analyze"], ctx);
    return { performed: [], bytesBefore: 0, bytesAfter: 0 };
  }

  /**
   * Opens the connection now (it otherwise opens on first use): the database is opened and
   * migrated, or the server reached and the token checked.
   */
  async open(): Promise<void> {
    const connection = this.#host.connection;
    await connection.lane.run(() => connection.driver());
  }

  /**
   * Embedded replica: pulls the server's changes into the local file, so later reads see every
   * write committed on the server before this call.
   * @throws UNSUPPORTED in other modes.
   */
  async sync(): Promise<SyncResult> {
    const ctx: ErrorContext = this.context("sync", this.#host.location);
    if (this.#host.place.kind !== "replica") {
      throw new SessionKitError({
        ...ctx,
        code: "UNSUPPORTED",
        problem: `sync() applies to embedded replicas, not to ${this.#host.place.kind} mode`,
        remedy: "open a file: URL with the syncUrl option to get a replica",
      });
    }
    await this.open();
    const connection = this.#host.connection;
    return connection.lane.run(async () => {
      try {
        const driver = await connection.driver();
        if (!(driver instanceof ClientDriver)) throw new Error("replica without a client");
        const replicated = await driver.client.sync();
        return {
          framesSynced: replicated?.frames_synced ?? 0,
          frameNo: replicated?.frame_no ?? null,
        };
      } catch (error) {
        throw convertLibsqlError(error, ctx, this.#host.location);
      }
    });
  }
}

/**
 * Creates a repository. The connection opens lazily on first use (use {@link openFromUrl} to
 * open and check it at once). Repositories on the same database in one process share one
 * connection; the last `close()` closes it.
 * @throws INVALID_ARGUMENT for a URL libSQL does not serve, an unknown option or a bad value
 *   (the same options as every SQL adapter, see {@link LibsqlRepositoryOptions}), or a database
 *   already open in this process with other connection-level options.
 */
export function createLibsqlRepository(options: LibsqlRepositoryOptions): LibsqlRepository {
  const ctx = { adapter: "libsql", operation: "open", subject: describeUrl(options) };
  const resolved = resolveLibsqlOptions(options, ctx);
  const location = resolveLocation(resolved.url, resolved.syncUrl);
  return new LibsqlRepository(new LibsqlHost(location, resolved));
}
