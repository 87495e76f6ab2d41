import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type BackupResult,
  describeKey,
  type HealthReport,
  type IntegrityReport,
  type Limits,
  type MaintainOptions,
  type MaintenanceResult,
  type PurgeOptions,
  type PurgeResult,
  type RepositoryCapabilities,
  type RepositoryStats,
  type SessionEvent,
  type SessionKey,
  type SessionOperations,
  type SessionRepository,
  type SessionTransaction,
  type StatsOptions,
  type WatchOptions,
} from "@sessionkit/core";
import {
  assertOptionsObject,
  assertSessionKey,
  createFrontDoor,
  forwardThroughGate,
  invalidArgument,
  normalizePurgeOptions,
  normalizeStatsOptions,
  normalizeWatchOptions,
  probeHealth,
  resolveLimits,
  sessionNotFound,
  TransactionGate,
  transactionHandle,
} from "@sessionkit/core/adapter-kit";
import { ADAPTER } from "./adapter-name.js";
import { context } from "./errors.js";
import { FileStore } from "./file-store.js";
import { checkStoreIntegrity } from "./integrity.js";
import { JsonStorage, type UnitRunner } from "./json-storage.js";
import { purgeExpiredSessions } from "./purge-expired.js";
import {
  assertRepositoryOptions,
  DEFAULT_WATCH_POLL_MS,
  fileStoreSettings,
  type JsonFileRepositoryOptions,
} from "./repository-options.js";
import { SessionWatch } from "./session-watch.js";
import { backupStore } from "./store-backup.js";
import { maintainStore } from "./store-maintenance.js";
import { verifyStoreMarker } from "./store-marker.js";
import { findLeftoverEntries, recoverLeftovers } from "./store-recovery.js";
import { computeStats } from "./store-stats.js";
import { publish } from "./watch-bus.js";
import { WorkUnit } from "./work-unit.js";

export type { JsonFileRepositoryOptions } from "./repository-options.js";

/** What this adapter offers; see the README for the reasons. */
export const JSON_FILE_CAPABILITIES: RepositoryCapabilities = Object.freeze({
  transactions: "single-session",
  crossProcess: true,
  search: "scan",
  watch: "cross-process",
  watchPartials: "in-process",
  remote: false,
  persistent: true,
  backup: true,
});

// The contract's operations are defined once, by forwardThroughGate (see the static block).
export interface JsonFileRepository extends SessionOperations {}

/**
 * A SessionRepository over the legacy JSON-file layout (format version 1, see the README).
 * Several processes may open the same root: every write locks the files it changes.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class JsonFileRepository implements SessionRepository {
  readonly capabilities: RepositoryCapabilities = JSON_FILE_CAPABILITIES;
  private readonly store: FileStore;
  private readonly limits: Limits;
  private readonly now: () => number;
  private readonly watchPollMs: number;
  /** The contract on the store: the core front door validates, {@link JsonStorage} stores. */
  private readonly ops: SessionOperations;
  private readonly gate: TransactionGate;
  private readonly closeHooks = new Set<() => void>();

  private constructor(root: string, options: JsonFileRepositoryOptions) {
    this.gate = new TransactionGate((operation) => context(operation, root));
    this.limits = resolveLimits(options.limits);
    this.now = options.now ?? Date.now;
    this.watchPollMs = options.watchPollMs ?? DEFAULT_WATCH_POLL_MS;
    this.store = new FileStore(root, fileStoreSettings(options));
    this.ops = this.frontDoor(this.runner);
  }

  /** The validated contract over a storage that runs its units with `run`. */
  private frontDoor(run: UnitRunner, overlay?: WorkUnit): SessionOperations {
    return createFrontDoor(new JsonStorage(this.store, this.now, run, overlay), {
      adapter: ADAPTER,
      limits: this.limits,
    });
  }

  /** Opens (or with `create`, initializes) a store. See {@link createJsonFileRepository}. */
  static async open(options: JsonFileRepositoryOptions): Promise<JsonFileRepository> {
    const ctx = context("open");
    assertRepositoryOptions(options, ctx);
    const repo = new JsonFileRepository(resolve(options.root), options);
    await verifyStoreMarker(repo.store.layout, options.create === true);
    // Crash recovery, like SQLite rolling back a hot journal on open: leftovers of writers that
    // died (or whose lock went stale) are removed before the first operation. Best effort: an
    // unreadable directory or a read-only store is reported by the operations that need them.
    try {
      const leftovers = await findLeftoverEntries(repo.store.root, ctx);
      if (leftovers.length > 0)
        await recoverLeftovers(repo.store.root, leftovers, repo.store.settings);
    } catch {
      // nothing recovered; nothing lost either
    }
    return repo;
  }

  /** The store root (absolute). */
  get root(): string {
    return this.store.root;
  }

  /** A fresh unit per call; the notifications go to watchers after the commit. */
  private readonly runner: UnitRunner = async (write, fn) => {
    const unit = new WorkUnit(this.store, write, false);
    try {
      const result = await fn(unit);
      if (write) await unit.commit(context("commit"));
      for (const n of unit.notifications) publish(n.file, n.event);
      return result;
    } finally {
      await unit.release();
    }
  };

  private assertOpen(operation: string): void {
    this.gate.assertOpen(operation);
  }

  /** Waits for any open transaction of this repository, then runs `fn`. */
  private async run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    await this.gate.enter(operation);
    return fn();
  }

  static {
    // The contract's operations: each waits at the gate, then runs on the store.
    forwardThroughGate(
      JsonFileRepository.prototype,
      (repository) => repository.gate,
      (repository) => repository.ops,
    );
  }

  /**
   * Runs `fn` in one transaction over at most one session (plus the app/user state its deltas
   * touch and meta). Every file it touches is locked until the end; writes are staged and
   * committed when `fn` resolves, in the documented order; nothing is written when it throws.
   * @throws UNSUPPORTED when `fn` writes a second session (capabilities.transactions is
   *   "single-session"); nothing is written then.
   */
  async transaction<T>(fn: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    this.assertOpen("transaction");
    if (typeof fn !== "function") {
      throw invalidArgument(context("transaction"), "fn", "must be a function");
    }
    return this.gate.exclusive("transaction", async () => {
      const unit = new WorkUnit(this.store, true, true);
      const inTx: UnitRunner = (_write, f) => f(unit);
      const live = this.frontDoor(inTx, unit);
      let active = true;
      const tx = transactionHandle(live, () => active, context) as SessionTransaction;
      try {
        const result = await fn(tx);
        active = false;
        await unit.commit(context("transaction"));
        for (const n of unit.notifications) publish(n.file, n.event);
        return result;
      } finally {
        active = false;
        await unit.release();
      }
    });
  }

  watch(key: SessionKey, options?: WatchOptions): AsyncIterable<SessionEvent> {
    const self = this;
    return {
      [Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
        const ctx = context("watch", describeKey(key));
        try {
          self.assertOpen("watch");
          assertSessionKey(key, ctx);
          const o = normalizeWatchOptions(options, ctx);
          const file = self.store.layout.sessionFile(key.appName, key.userId, key.sessionId);
          return new SessionWatch({
            file,
            afterSeq: o.afterSeq,
            signal: o.signal,
            pollMs: self.watchPollMs,
            read: () => self.ops.readSnapshot(key),
            notFound: () => sessionNotFound(ctx),
            onRepositoryClose: (end) => {
              self.closeHooks.add(end);
              return () => self.closeHooks.delete(end);
            },
          });
        } catch (error) {
          return {
            next: () => Promise.reject(error),
            return: async () => ({ value: undefined, done: true }),
          };
        }
      },
    };
  }

  async purgeExpired(options?: PurgeOptions): Promise<PurgeResult> {
    this.assertOpen("purgeExpired");
    const ctx = context("purgeExpired");
    const o = normalizePurgeOptions(options, ctx);
    const gated = <T>(fn: () => Promise<T>) => this.run("purgeExpired", fn);
    return purgeExpiredSessions(this.store, gated, this.runner, o, ctx);
  }

  async stats(options?: StatsOptions): Promise<RepositoryStats> {
    return this.run("stats", () => {
      const ctx = context("stats", this.store.root);
      const { onCorrupt } = normalizeStatsOptions(options, ctx);
      return computeStats(this.store, ctx, onCorrupt);
    });
  }

  /**
   * Removes what interrupted writes left behind (as open does): temp files and locks of dead
   * writers or stale locks, temp files older than 10 minutes. `checkpoint`, `vacuum` and
   * `analyze` have no meaning for JSON files and are ignored.
   */
  async maintain(options?: MaintainOptions): Promise<MaintenanceResult> {
    const ctx = context("maintain", this.store.root);
    assertOptionsObject(options, "options", ["checkpoint", "vacuum", "analyze"], ctx);
    return this.run("maintain", () => maintainStore(this.store, ctx));
  }

  /**
   * Parses every file and reports damaged, misplaced, unknown and leftover files (temp files
   * and stale locks of dead writers). Read-only: it changes nothing on disk.
   */
  async checkIntegrity(): Promise<IntegrityReport> {
    return this.run("checkIntegrity", async () => {
      const ctx = context("checkIntegrity", this.store.root);
      const problems = await checkStoreIntegrity(
        this.store.root,
        this.store.settings.staleLockMs,
        ctx,
      ).catch((error: unknown) => [
        {
          kind: "io",
          message: String((error as Error)?.message ?? error),
          subject: this.store.root,
        },
      ]);
      return { ok: problems.length === 0, problems };
    });
  }

  /**
   * Copies the store into a new or empty directory: whole files, in reverse commit order
   * (sessions, id files, user state, app state, meta), the marker last.
   */
  async backup(destination: string): Promise<BackupResult> {
    const ctx = context("backup", String(destination));
    if (typeof destination !== "string" || destination.length === 0) {
      throw invalidArgument(ctx, "destination", "must be a directory path");
    }
    return this.run("backup", () => backupStore(this.store, destination, ctx));
  }

  async health(): Promise<HealthReport> {
    this.assertOpen("health");
    return probeHealth(async () => {
      await stat(this.store.layout.markerFile);
      await verifyStoreMarker(this.store.layout, false);
    });
  }

  /** Idempotent. Watchers end; later calls throw CLOSED. */
  async close(): Promise<void> {
    if (this.gate.closed) return;
    this.gate.close();
    for (const end of [...this.closeHooks]) end();
    this.closeHooks.clear();
  }
}

/**
 * Opens a JSON-file store at `options.root`. Refuses a root without sessionkit.json unless
 * `create: true`; refuses an unknown format version with SCHEMA.
 */
export function createJsonFileRepository(
  options: JsonFileRepositoryOptions,
): Promise<JsonFileRepository> {
  return JsonFileRepository.open(options);
}
