import {
  type AppendOptions,
  type AppScope,
  type BackupResult,
  type CreateSessionOptions,
  type EventPage,
  type ExpireIdleOptions,
  type GetSessionOptions,
  type HealthReport,
  type IntegrityReport,
  isSessionKitError,
  type JsonObject,
  type JsonValue,
  type ListEventsOptions,
  type ListSessionsOptions,
  type MaintainOptions,
  type MaintenanceResult,
  type MetaEntry,
  type NewEvent,
  type NewSessionKey,
  type PurgeOptions,
  type PurgeResult,
  type RepositoryCapabilities,
  type RepositoryStats,
  repositoryClosed,
  type ScanSessionsOptions,
  type SearchHit,
  type SearchOptions,
  type Session,
  type SessionEvent,
  type SessionKey,
  SessionKitError,
  type SessionOperations,
  type SessionPage,
  type SessionRepository,
  type SessionSnapshot,
  type SessionTransaction,
  type StateScope,
  type UserScope,
  type WatchOptions,
  type WriteSnapshotOptions,
  type WriteSnapshotResult,
} from "@sessionkit/core";
import type { DriftEntry } from "./drift-journal.js";
import { PHASED_ADAPTER } from "./errors.js";
import { keyString } from "./keys.js";
import { Mirror, type MirrorRoute } from "./mirror.js";
import type { Phase } from "./phase.js";
import { type PhaseView, PhaseWatcher } from "./phase-watcher.js";
import { RecordingOperations } from "./recording-operations.js";
import { type ShadowMismatch, ShadowReads, type ShadowStats } from "./shadow-reads.js";
import { Touches } from "./touches.js";

/** The two stores a {@link PhasedRepository} routes between, and how it behaves. */
export interface PhasedRepositoryOptions {
  /** The store being migrated from (e.g. the JSON-file store). */
  legacy: SessionRepository;
  /** The store being migrated to; holds the migration record and the drift journal. */
  target: SessionRepository;
  /** How often the phase is re-read from the target, in ms. Default 2,000. */
  refreshIntervalMs?: number;
  /** Fraction (0–1) of reads in dual-write that are also run against the target and compared. Default 0. */
  shadowReadRate?: number;
  /** Record shadow mismatches in the target's meta table. Default true. */
  recordShadowMismatches?: boolean;
  /**
   * A JSON-lines file for drift entries that cannot be written to the target (target down).
   * Drained by `sessionkit-migrate repair --local-journal <file>`. Without it such failures are
   * reported through `onWarning` only and found by the next full `repair`.
   */
  localJournalPath?: string;
  /** Close legacy and target when this repository closes. Default true. */
  closeStores?: boolean;
  /** Called for every failed secondary write, after it is journaled. */
  onDrift?: (entry: DriftEntry) => void;
  /**
   * Called (in the background, never failing the read) for every shadow read still different
   * after its re-check, whether or not it is recorded in the target (at most 1,000 records per
   * process).
   */
  onShadowMismatch?: (mismatch: ShadowMismatch) => void;
  /** Non-fatal problems (journal unavailable, phase refresh failed). Default: console.warn. */
  onWarning?: (message: string, error?: unknown) => void;
  /** Reads in target-primary fall back to legacy for these error codes. Default BUSY, IO, CORRUPT. */
  fallbackCodes?: string[];
  /**
   * Clock in ms since the epoch: phase refresh interval, drift-entry and shadow-mismatch times.
   * Default `Date.now`.
   */
  now?: () => number;
  /** Uniform random in [0, 1) that samples shadow reads (`shadowReadRate`). Default `Math.random`. */
  random?: () => number;
}

/** Runtime figures of one phased repository (this process only). */
export interface PhasedRepositoryStatus {
  phase: Phase;
  phaseReadAt: number;
  phaseStale: boolean;
  failedSecondaryWrites: number;
  fallbackReads: number;
  shadow: ShadowStats;
}

interface Route {
  view: PhaseView;
  phase: Phase;
  primary: SessionRepository;
  /** Null when nothing is copied in this phase. */
  mirror: MirrorRoute | null;
}

const SEARCH_RANK = { none: 0, scan: 1, fulltext: 2 } as const;

function weakest(a: RepositoryCapabilities, b: RepositoryCapabilities): RepositoryCapabilities {
  return Object.freeze({
    transactions:
      a.transactions === "multi-session" && b.transactions === "multi-session"
        ? "multi-session"
        : "single-session",
    crossProcess: a.crossProcess && b.crossProcess,
    search: SEARCH_RANK[a.search] <= SEARCH_RANK[b.search] ? a.search : b.search,
    watch:
      a.watch === "cross-process" && b.watch === "cross-process" ? "cross-process" : "in-process",
    watchPartials:
      a.watchPartials === "cross-process" && b.watchPartials === "cross-process"
        ? "cross-process"
        : "in-process",
    remote: a.remote || b.remote,
    persistent: a.persistent && b.persistent,
    backup: a.backup && b.backup,
  });
}

/**
 * Creates a SessionRepository that follows the migration phase recorded in the target database
 * (re-read every `refreshIntervalMs`, so a phase change reaches running processes within
 * seconds, without a redeploy):
 *
 * - foundation: legacy only.
 * - dual-write: reads from legacy (optionally shadow-compared with the target); writes go to
 *   legacy first, which decides success, then the changed sessions/scopes are copied to the
 *   target byte-identical (same event ids, seqs, revision, timestamps). A failed target copy
 *   never fails the caller; it goes to the drift journal.
 * - target-primary: reads and writes go to the target first; when the record asks for backup
 *   writes (default) the change is copied to legacy and failures are journaled. A read falls
 *   back to legacy only when the target is unavailable (BUSY, IO, CORRUPT) and the legacy copy
 *   is known complete (backup writes on, no journaled legacy failure).
 * - target-only: target only; legacy is never written.
 *
 * Capabilities are the weakest of the two stores. Every failure is a SessionKitError; primary
 * errors are passed through unchanged.
 */
export function createPhasedRepository(options: PhasedRepositoryOptions): PhasedRepository {
  return new PhasedRepository(options);
}

/**
 * A {@link SessionRepository} over a legacy and a target store that routes every operation by
 * the migration phase recorded in the target; see {@link createPhasedRepository} for the
 * behaviour in each phase. Adds status methods (`migrationStatus`, `currentPhase`,
 * `refreshPhase`, `flushShadowReads`).
 * @throws INVALID_ARGUMENT (constructor) when legacy and target are the same object.
 */
export class PhasedRepository implements SessionRepository {
  readonly capabilities: RepositoryCapabilities;
  private readonly legacy: SessionRepository;
  private readonly target: SessionRepository;
  private readonly watcher: PhaseWatcher;
  private readonly mirrorer: Mirror;
  private readonly shadow: ShadowReads;
  private readonly fallbackCodes: Set<string>;
  private readonly closeStores: boolean;
  private fallbackReads = 0;
  private readonly watchers = new Set<AbortController>();
  private closed = false;

  constructor(options: PhasedRepositoryOptions) {
    this.legacy = options.legacy;
    this.target = options.target;
    if (options.legacy === options.target) {
      throw new SessionKitError({
        code: "INVALID_ARGUMENT",
        adapter: PHASED_ADAPTER,
        operation: "createPhasedRepository",
        problem: "legacy and target are the same repository",
        remedy: "pass the store being migrated from as legacy and the new store as target",
      });
    }
    this.capabilities = weakest(options.legacy.capabilities, options.target.capabilities);
    const now = options.now ?? Date.now;
    const onWarning =
      options.onWarning ??
      ((message: string, error?: unknown) => {
        console.warn(
          `[sessionkit/migrate] ${message}`,
          error instanceof Error ? error.message : "",
        );
      });
    this.watcher = new PhaseWatcher(this.target, options.refreshIntervalMs ?? 2000, now, onWarning);
    this.mirrorer = new Mirror({
      journal: this.target,
      localJournalPath: options.localJournalPath,
      onDrift: options.onDrift,
      onWarning,
      now,
    });
    this.shadow = new ShadowReads({
      rate: options.shadowReadRate ?? 0,
      target: this.target,
      recordInTarget: options.recordShadowMismatches ?? true,
      maxRecords: 1000,
      onMismatch: options.onShadowMismatch,
      onWarning,
      random: options.random ?? Math.random,
      now,
    });
    this.fallbackCodes = new Set(options.fallbackCodes ?? ["BUSY", "IO", "CORRUPT"]);
    this.closeStores = options.closeStores ?? true;
  }

  // ---------------------------------------------------------------- routing

  private assertOpen(operation: string): void {
    if (this.closed) {
      throw repositoryClosed({ adapter: PHASED_ADAPTER, operation });
    }
  }

  private async route(operation: string): Promise<Route> {
    this.assertOpen(operation);
    const view = await this.watcher.current();
    const phase = view.record.phase;
    switch (phase) {
      case "foundation":
        return { view, phase, primary: this.legacy, mirror: null };
      case "dual-write":
        return {
          view,
          phase,
          primary: this.legacy,
          mirror: { primary: this.legacy, secondary: this.target, side: "target" },
        };
      case "target-primary":
        return {
          view,
          phase,
          primary: this.target,
          mirror: view.record.legacyBackupWrites
            ? { primary: this.target, secondary: this.legacy, side: "legacy" }
            : null,
        };
      case "target-only":
        return { view, phase, primary: this.target, mirror: null };
    }
  }

  /** Runs a write on the primary, then copies what it changed to the secondary. */
  private async write<T>(
    operation: string,
    fn: (ops: SessionOperations) => Promise<T>,
  ): Promise<T> {
    const route = await this.route(operation);
    const touches = new Touches();
    const result = await fn(new RecordingOperations(route.primary, touches));
    if (route.mirror && !touches.empty) await this.mirrorer.apply(route.mirror, touches);
    return result;
  }

  /**
   * Runs a read on the primary. In dual-write a sampled fraction is shadow-compared with the
   * target; in target-primary an unavailable target falls back to a complete legacy copy.
   */
  private async read<T>(
    operation: string,
    args: () => unknown,
    fn: (ops: SessionOperations) => Promise<T>,
    options: { key?: SessionKey; shadow?: boolean } = {},
  ): Promise<T> {
    const route = await this.route(operation);
    const primary = new RecordingOperations(route.primary, new Touches());
    if (route.phase === "target-primary") {
      try {
        return await fn(primary);
      } catch (error) {
        if (!this.mayFallBack(route, error, options.key)) throw error;
        this.fallbackReads++;
        return fn(new RecordingOperations(this.legacy, new Touches()));
      }
    }
    const result = await fn(primary);
    if (route.phase === "dual-write" && options.shadow !== false && this.shadow.sampled()) {
      const candidate = new RecordingOperations(this.target, new Touches());
      this.shadow.compare(
        operation,
        json(args()),
        result,
        () => fn(primary),
        () => fn(candidate),
      );
    }
    return result;
  }

  private mayFallBack(route: Route, error: unknown, key: SessionKey | undefined): boolean {
    if (!isSessionKitError(error) || !this.fallbackCodes.has(error.code)) return false;
    const { record, legacyDriftPending } = route.view;
    if (!record.legacyComplete || !record.legacyBackupWrites || legacyDriftPending) return false;
    const failed = this.mirrorer.failedLegacyKeys;
    if (failed.has("*")) return false;
    if (key) return !failed.has(keyString(key));
    return failed.size === 0;
  }

  // ---------------------------------------------------------------- status

  /** This process's view of the migration: phase, failed copies, fallbacks, shadow reads. */
  async migrationStatus(): Promise<PhasedRepositoryStatus> {
    const view = await this.watcher.current();
    return {
      phase: view.record.phase,
      phaseReadAt: view.readAt,
      phaseStale: view.stale,
      failedSecondaryWrites: this.mirrorer.failures,
      fallbackReads: this.fallbackReads,
      shadow: { ...this.shadow.stats },
    };
  }

  /** The phase now in force (refreshing it when older than the interval). */
  async currentPhase(): Promise<Phase> {
    this.assertOpen("currentPhase");
    return (await this.watcher.current()).record.phase;
  }

  /** Re-reads the phase from the target at the next call. */
  refreshPhase(): void {
    this.watcher.invalidate();
  }

  /** Waits for every background shadow comparison started so far. */
  flushShadowReads(): Promise<void> {
    return this.shadow.flush();
  }

  // ---------------------------------------------------------------- operations

  createSession(key: NewSessionKey, options?: CreateSessionOptions): Promise<Session> {
    return this.write("createSession", (o) => o.createSession(key, options));
  }

  getSession(key: SessionKey, options?: GetSessionOptions): Promise<Session | null> {
    return this.read(
      "getSession",
      () => ({ key, options }),
      (o) => o.getSession(key, options),
      {
        key,
      },
    );
  }

  appendEvent(key: SessionKey, event: NewEvent, options?: AppendOptions): Promise<SessionEvent> {
    return this.write("appendEvent", (o) => o.appendEvent(key, event, options));
  }

  appendEvents(
    key: SessionKey,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    return this.write("appendEvents", (o) => o.appendEvents(key, events, options));
  }

  listEvents(key: SessionKey, options?: ListEventsOptions): Promise<EventPage> {
    return this.read(
      "listEvents",
      () => ({ key, options }),
      (o) => o.listEvents(key, options),
      {
        key,
      },
    );
  }

  listSessions(options: ListSessionsOptions): Promise<SessionPage> {
    return this.read(
      "listSessions",
      () => ({ options }),
      (o) => o.listSessions(options),
    );
  }

  deleteSession(key: SessionKey): Promise<boolean> {
    return this.write("deleteSession", (o) => o.deleteSession(key));
  }

  updateState(key: SessionKey, delta: JsonObject, options?: AppendOptions): Promise<SessionEvent> {
    return this.write("updateState", (o) => o.updateState(key, delta, options));
  }

  getUserState(scope: UserScope): Promise<JsonObject> {
    return this.read(
      "getUserState",
      () => ({ scope }),
      (o) => o.getUserState(scope),
      {
        key: undefined,
      },
    );
  }

  getAppState(scope: AppScope): Promise<JsonObject> {
    return this.read(
      "getAppState",
      () => ({ scope }),
      (o) => o.getAppState(scope),
    );
  }

  expireSession(key: SessionKey): Promise<boolean> {
    return this.write("expireSession", (o) => o.expireSession(key));
  }

  expireIdleSessions(options: ExpireIdleOptions): Promise<number> {
    return this.write("expireIdleSessions", (o) => o.expireIdleSessions(options));
  }

  searchEvents(options: SearchOptions): Promise<SearchHit[]> {
    // Not shadow-compared: relevance order legitimately differs between scan and full-text search.
    return this.read(
      "searchEvents",
      () => ({ options }),
      (o) => o.searchEvents(options),
      {
        shadow: false,
      },
    );
  }

  readSnapshot(key: SessionKey): Promise<SessionSnapshot | null> {
    return this.read(
      "readSnapshot",
      () => ({ key }),
      (o) => o.readSnapshot(key),
      { key },
    );
  }

  writeSnapshot(
    snapshot: SessionSnapshot,
    options: WriteSnapshotOptions,
  ): Promise<WriteSnapshotResult> {
    return this.write("writeSnapshot", (o) => o.writeSnapshot(snapshot, options));
  }

  scanSessions(options?: ScanSessionsOptions): Promise<SessionKey[]> {
    return this.read(
      "scanSessions",
      () => ({ options }),
      (o) => o.scanSessions(options),
    );
  }

  listStateScopes(): Promise<StateScope[]> {
    return this.read(
      "listStateScopes",
      () => null,
      (o) => o.listStateScopes(),
    );
  }

  writeScopedState(scope: StateScope, state: JsonObject): Promise<void> {
    return this.write("writeScopedState", (o) => o.writeScopedState(scope, state));
  }

  getMeta(name: string): Promise<JsonValue | null> {
    return this.read(
      "getMeta",
      () => ({ name }),
      (o) => o.getMeta(name),
    );
  }

  setMeta(name: string, value: JsonValue | null): Promise<void> {
    return this.write("setMeta", (o) => o.setMeta(name, value));
  }

  listMeta(prefix: string, options?: { limit?: number; after?: string }): Promise<MetaEntry[]> {
    return this.read(
      "listMeta",
      () => ({ prefix, options }),
      (o) => o.listMeta(prefix, options),
    );
  }

  async transaction<T>(fn: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    const route = await this.route("transaction");
    if (typeof fn !== "function") return route.primary.transaction(fn);
    const touches = new Touches();
    const result = await route.primary.transaction((tx) =>
      fn(new RecordingOperations(tx, touches)),
    );
    if (route.mirror && !touches.empty) await this.mirrorer.apply(route.mirror, touches);
    return result;
  }

  watch(key: SessionKey, options?: WatchOptions): AsyncIterable<SessionEvent> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const route = await self.route("watch");
        // Watchers end when this repository closes, even when the stores stay open.
        const controller = new AbortController();
        const outer = options?.signal;
        const onAbort = () => controller.abort();
        if (outer?.aborted) controller.abort();
        else outer?.addEventListener("abort", onAbort, { once: true });
        self.watchers.add(controller);
        try {
          yield* route.primary.watch(key, { ...options, signal: controller.signal });
        } finally {
          self.watchers.delete(controller);
          outer?.removeEventListener("abort", onAbort);
        }
      },
    };
  }

  async purgeExpired(options?: PurgeOptions): Promise<PurgeResult> {
    const route = await this.route("purgeExpired");
    const result = await route.primary.purgeExpired(options);
    if (route.mirror && result.deleted > 0) {
      const { onProgress: _p, signal: _s, ...rest } = options ?? {};
      try {
        // Expiry times are mirrored exactly, so the same cutoff selects the same sessions.
        let done = false;
        while (!done) done = (await route.mirror.secondary.purgeExpired(rest)).done;
      } catch (error) {
        await this.mirrorer.failedGlobal(route.mirror.side, "purgeExpired", error);
      }
    }
    return result;
  }

  async stats(): Promise<RepositoryStats> {
    return (await this.route("stats")).primary.stats();
  }

  async maintain(options?: MaintainOptions): Promise<MaintenanceResult> {
    return (await this.route("maintain")).primary.maintain(options);
  }

  async checkIntegrity(): Promise<IntegrityReport> {
    return (await this.route("checkIntegrity")).primary.checkIntegrity();
  }

  async backup(destination: string): Promise<BackupResult> {
    return (await this.route("backup")).primary.backup(destination);
  }

  async health(): Promise<HealthReport> {
    return (await this.route("health")).primary.health();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of this.watchers) watcher.abort();
    await this.shadow.flush();
    if (this.closeStores) {
      await Promise.allSettled([this.legacy.close(), this.target.close()]);
    }
  }
}

/** The arguments of a read as JSON for mismatch records (undefined fields dropped). */
function json(value: unknown): JsonValue {
  try {
    return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
  } catch {
    return "(arguments not serializable)";
  }
}
