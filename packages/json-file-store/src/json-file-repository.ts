import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  assertOptionsObject,
  assertSessionKey,
  type BackupResult,
  describeKey,
  forwardSessionOperations,
  type HealthReport,
  type IntegrityReport,
  invalidArgument,
  type Limits,
  type MaintainOptions,
  type MaintenanceResult,
  normalizePurgeOptions,
  normalizeStatsOptions,
  normalizeWatchOptions,
  type PurgeOptions,
  type PurgeResult,
  type RepositoryCapabilities,
  type RepositoryStats,
  resolveLimits,
  type SessionEvent,
  type SessionKey,
  type SessionOperations,
  type SessionRepository,
  type SessionTransaction,
  type StatsOptions,
  sessionNotFound,
  TransactionGate,
  transactionHandle,
  type WatchOptions,
} from "@sessionkit/core";
import { listApps, listSessionFiles, listUsers } from "./directory-walk.js";
import { context } from "./errors.js";
import { MIN_STALE_MS } from "./file-lock.js";
import { FileStore } from "./file-store.js";
import { checkStoreIntegrity } from "./integrity.js";
import { JsonOperations, type UnitRunner } from "./json-operations.js";
import { SessionWatch } from "./session-watch.js";
import { backupStore } from "./store-backup.js";
import { maintainStore } from "./store-maintenance.js";
import { verifyStoreMarker } from "./store-marker.js";
import { findLeftoverEntries, recoverLeftovers } from "./store-recovery.js";
import { computeStats } from "./store-stats.js";
import { publish } from "./watch-bus.js";
import { WorkUnit } from "./work-unit.js";

/** Options of {@link createJsonFileRepository}. */
export interface JsonFileRepositoryOptions {
  /** The store directory (absolute, or relative to the working directory). */
  root: string;
  /** Initialize an empty store when `root` has no sessionkit.json (default false: refuse). */
  create?: boolean;
  /** Size limits; defaults: 1 MiB per event and per state value. */
  limits?: Partial<Limits>;
  /**
   * How long a write waits for the lock of a file before failing with BUSY naming the file
   * (default 10,000 ms).
   */
  busyTimeoutMs?: number;
  /**
   * proper-lockfile `stale`: a held lock is refreshed every max(1 s, staleLockMs / 5); one not
   * refreshed for this long (its process died or hangs) is broken by the next writer (default
   * 5,000 ms, minimum 2,000). Locks whose holder is provably a dead process of this host are
   * broken at once whatever this says.
   */
  staleLockMs?: number;
  /** fsync files and directories on every write (default true). false: atomic but not durable. */
  durable?: boolean;
  /** How often watchers poll the session file for writes by other processes (default 100 ms). */
  watchPollMs?: number;
  /** Clock in ms since the epoch; default Date.now. */
  now?: () => number;
  /**
   * Remember the headers of unchanged session files, so a listing costs one stat per unchanged
   * session instead of a read (default true; validated by inode, size and ns times).
   */
  cacheHeaders?: boolean;
}

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

/** Default `staleLockMs`: a lock of a process that died on another host is broken within 5 s. */
export const DEFAULT_STALE_LOCK_MS = 5_000;

const sleepTick = () => new Promise((resolve) => setImmediate(resolve));

// The contract's operations are defined once, by forwardSessionOperations (see the static block).
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
  private readonly ops: JsonOperations;
  private readonly gate: TransactionGate;
  private readonly closeHooks = new Set<() => void>();

  private constructor(root: string, options: JsonFileRepositoryOptions) {
    this.gate = new TransactionGate((operation) => context(operation, root));
    this.limits = resolveLimits(options.limits);
    this.now = options.now ?? Date.now;
    this.watchPollMs = options.watchPollMs ?? 100;
    this.store = new FileStore(root, {
      durable: options.durable ?? true,
      busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
      staleLockMs: options.staleLockMs ?? DEFAULT_STALE_LOCK_MS,
      cacheHeaders: options.cacheHeaders ?? true,
    });
    this.ops = new JsonOperations(this.store, this.limits, this.now, this.runner);
  }

  /** Opens (or with `create`, initializes) a store. See {@link createJsonFileRepository}. */
  static async open(options: JsonFileRepositoryOptions): Promise<JsonFileRepository> {
    const ctx = context("open");
    assertOptionsObject(
      options,
      "options",
      [
        "root",
        "create",
        "limits",
        "busyTimeoutMs",
        "staleLockMs",
        "durable",
        "watchPollMs",
        "now",
        "cacheHeaders",
      ],
      ctx,
    );
    if (typeof options?.root !== "string" || options.root.length === 0) {
      throw invalidArgument(ctx, "options.root", "must be a non-empty path");
    }
    for (const name of ["busyTimeoutMs", "staleLockMs", "watchPollMs"] as const) {
      const value = options[name];
      if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) {
        throw invalidArgument(ctx, `options.${name}`, "must be a positive integer of milliseconds");
      }
    }
    if (options.staleLockMs !== undefined && options.staleLockMs < MIN_STALE_MS) {
      throw invalidArgument(
        ctx,
        "options.staleLockMs",
        `must be at least ${MIN_STALE_MS} ms (proper-lockfile refreshes a held lock at most once a second)`,
      );
    }
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
  private async run<T>(operation: string, fn: (ops: JsonOperations) => Promise<T>): Promise<T> {
    await this.gate.enter(operation);
    return fn(this.ops);
  }

  static {
    // The contract's operations: each waits at the gate, then runs on the store.
    forwardSessionOperations(JsonFileRepository.prototype, function (operation, args) {
      return this.run(operation, (o) =>
        (o[operation] as (...a: unknown[]) => Promise<unknown>)(...args),
      );
    });
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
      const live = new JsonOperations(this.store, this.limits, this.now, inTx, unit);
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
    let deleted = 0;
    const layout = this.store.layout;
    const doomed: SessionKey[] = [];
    await this.run("purgeExpired", async () => {
      for (const app of await listApps(layout, ctx)) {
        for (const user of await listUsers(layout, app.id, ctx)) {
          for (const f of await listSessionFiles(layout, app.id, user.id, ctx)) {
            const h = await this.store.headers.read(f.path, ctx);
            if (h?.status !== "expired") continue;
            if (o.expiredBefore !== undefined && !((h.expiredAt ?? 0) < o.expiredBefore)) continue;
            doomed.push({ appName: h.appName, userId: h.userId, sessionId: h.id });
          }
        }
      }
    });
    for (let i = 0; i < doomed.length; i += o.batchSize) {
      if (o.signal?.aborted) return { deleted, done: false };
      const batch = doomed.slice(i, i + o.batchSize);
      const count = await this.run("purgeExpired", async () => {
        let n = 0;
        for (const key of batch) {
          const gone = await this.runner(true, async (unit) => {
            const rec = await unit.session(key, ctx);
            if (rec?.status !== "expired") return false;
            if (o.expiredBefore !== undefined && !((rec.expiredAt ?? 0) < o.expiredBefore))
              return false;
            unit.stageSession(key, null, ctx);
            unit.notifications.push({ file: unit.sessionFile(key), event: null });
            return true;
          });
          if (gone) n++;
        }
        return n;
      });
      deleted += count;
      if (count > 0) o.onProgress?.(deleted);
      await sleepTick();
    }
    return { deleted, done: true };
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
    const started = performance.now();
    try {
      await stat(this.store.layout.markerFile);
      await verifyStoreMarker(this.store.layout, false);
      return { ok: true, latencyMs: performance.now() - started };
    } catch (error) {
      return {
        ok: false,
        latencyMs: performance.now() - started,
        message: error instanceof Error ? error.message : String(error),
      };
    }
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
