import type { SessionRepository } from "@sessionkit/core";
import { driftPrefix } from "./drift-journal.js";
import { migrateError, PHASED_ADAPTER } from "./errors.js";
import { type MigrationRecord, readMigrationRecord } from "./migration-record.js";

/** What a phased repository knows about the migration at one moment. */
export interface PhaseView {
  record: MigrationRecord;
  /** True when the target journal holds failed legacy (backup) writes. Only read in target-primary. */
  legacyDriftPending: boolean;
  /** When the view was read from the target (ms). */
  readAt: number;
  /** True when the last refresh failed and this view is older than the refresh interval. */
  stale: boolean;
}

/**
 * Reads the migration record from the target at most once per `refreshMs`, lazily on use (no
 * timers, so it never keeps a process alive). When the target cannot be read, the last known
 * view is kept and the failure reported through `onWarning`.
 */
export class PhaseWatcher {
  private view: PhaseView | null = null;
  private loading: Promise<PhaseView> | null = null;

  constructor(
    private readonly target: SessionRepository,
    private readonly refreshMs: number,
    private readonly now: () => number,
    private readonly onWarning: (message: string, error?: unknown) => void,
  ) {}

  /** The current view, refreshed when older than the interval. */
  async current(): Promise<PhaseView> {
    const view = this.view;
    if (view && this.now() - view.readAt < this.refreshMs) return view;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Forces the next `current()` to read the target. */
  invalidate(): void {
    if (this.view) this.view = { ...this.view, readAt: Number.NEGATIVE_INFINITY };
  }

  private async load(): Promise<PhaseView> {
    try {
      const record = await readMigrationRecord(this.target);
      if (!record) {
        throw migrateError(
          "NOT_FOUND",
          "readMigrationRecord",
          "the target database holds no migration record",
          "run `sessionkit-migrate init` against this target before opening a phased repository",
          { adapter: PHASED_ADAPTER },
        );
      }
      let legacyDriftPending = false;
      if (record.phase === "target-primary") {
        legacyDriftPending =
          (await this.target.listMeta(driftPrefix("legacy"), { limit: 1 })).length > 0;
      }
      this.view = { record, legacyDriftPending, readAt: this.now(), stale: false };
      return this.view;
    } catch (error) {
      if (!this.view) throw error;
      this.onWarning("could not refresh the migration phase; keeping the last known phase", error);
      // Retry at the next call after a short pause rather than on every call.
      this.view = { ...this.view, readAt: this.now() - this.refreshMs / 2, stale: true };
      return this.view;
    }
  }
}
