import {
  type BackupResult,
  forwardSessionOperations,
  type HealthReport,
  type IntegrityReport,
  type MaintainOptions,
  type MaintenanceResult,
  type PurgeOptions,
  type PurgeResult,
  type RepositoryCapabilities,
  type RepositoryStats,
  type SessionEvent,
  type SessionKey,
  SessionKitError,
  type SessionOperationName,
  type SessionOperations,
  type SessionRepository,
  type SessionTransaction,
  type WatchOptions,
} from "@sessionkit/core";
import { repositoryClosed } from "@sessionkit/core/adapter-kit";
import { PHASED_ADAPTER } from "./errors.js";
import { Mirror } from "./mirror.js";
import { type AnyOperationRow, argsRecord, fixArity, operationRow } from "./operation-table.js";
import type { Phase } from "./phase.js";
import { type FallbackPolicy, mayFallBack, phaseRoute, type Route } from "./phase-route.js";
import { PhaseWatcher } from "./phase-watcher.js";
import type { PhasedRepositoryOptions, PhasedRepositoryStatus } from "./phased-options.js";
import { RecordingOperations, runOperation } from "./recording-operations.js";
import { ShadowReads } from "./shadow-reads.js";
import { Touches } from "./touches.js";
import { weakestCapabilities } from "./weakest-capabilities.js";

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

// The contract's operations are defined once, by forwardSessionOperations (see the static block),
// and routed by their rows in the operation table.
export interface PhasedRepository extends SessionOperations {}

/**
 * A {@link SessionRepository} over a legacy and a target store that routes every operation by
 * the migration phase recorded in the target; see {@link createPhasedRepository} for the
 * behaviour in each phase. Adds status methods (`migrationStatus`, `currentPhase`,
 * `refreshPhase`, `flushShadowReads`).
 * @throws INVALID_ARGUMENT (constructor) when legacy and target are the same object.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class PhasedRepository implements SessionRepository {
  readonly capabilities: RepositoryCapabilities;
  private readonly legacy: SessionRepository;
  private readonly target: SessionRepository;
  private readonly watcher: PhaseWatcher;
  private readonly mirrorer: Mirror;
  private readonly shadow: ShadowReads;
  private readonly fallback: FallbackPolicy;
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
    this.capabilities = weakestCapabilities(
      options.legacy.capabilities,
      options.target.capabilities,
    );
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
    this.fallback = {
      codes: new Set(options.fallbackCodes ?? ["BUSY", "IO", "CORRUPT"]),
      failedLegacyKeys: this.mirrorer.failedLegacyKeys,
    };
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
    return phaseRoute(await this.watcher.current(), this.legacy, this.target);
  }

  static {
    // The contract's operations: a write runs on the primary and is mirrored, a read runs on the
    // primary and may be shadow-compared or fall back, as the operation's row says.
    forwardSessionOperations(PhasedRepository.prototype, function (operation, args) {
      const row = operationRow(operation);
      const fixed = fixArity(row, args);
      return row.kind === "write" ? this.write(operation, fixed) : this.read(operation, row, fixed);
    });
  }

  /** Runs a write on the primary, then copies what it changed to the secondary. */
  private async write(operation: SessionOperationName, args: unknown[]): Promise<unknown> {
    const route = await this.route(operation);
    const touches = new Touches();
    const result = await runOperation(route.primary, operation, args, touches);
    if (route.mirror && !touches.empty) await this.mirrorer.apply(route.mirror, touches);
    return result;
  }

  /**
   * Runs a read on the primary. In dual-write a sampled fraction is shadow-compared with the
   * target; in target-primary an unavailable target falls back to a complete legacy copy.
   */
  private async read(
    operation: SessionOperationName,
    row: AnyOperationRow,
    args: unknown[],
  ): Promise<unknown> {
    const route = await this.route(operation);
    const on = (store: SessionOperations) => runOperation(store, operation, args);
    if (route.phase === "target-primary") {
      try {
        return await on(route.primary);
      } catch (error) {
        if (!mayFallBack(route.view, this.fallback, error, row.session?.(...args))) throw error;
        this.fallbackReads++;
        return on(this.legacy);
      }
    }
    const result = await on(route.primary);
    if (route.phase === "dual-write" && row.shadow !== false && this.shadow.sampled()) {
      const control = () => on(route.primary);
      this.shadow.compare(operation, argsRecord(row, args), result, control, () => on(this.target));
    }
    return result;
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

  // ---------------------------------------------------------------- whole-store operations

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
