import type { CheckpointKeeper } from "./backfill-checkpoint.js";
import type { BackfillOptions, BackfillProgress } from "./backfill-types.js";
import type { SessionSource } from "./session-source.js";

/** The sessions in the source, for progress bars, when it can count them; null otherwise. */
export async function countSourceSessions(source: SessionSource): Promise<number | null> {
  if (!source.count) return null;
  try {
    return (await source.count()).sessions;
  } catch {
    return null;
  }
}

/**
 * Calls `onProgress` with the checkpoint's counts: at most every `progressIntervalMs` (default
 * 250), or always when forced (a stage change). Does nothing without `onProgress`.
 */
export class ProgressReporter {
  /** When the last callback was made, on the run's clock. */
  private last = 0;

  /**
   * @param now the run's clock; `begin` is the run's start on it.
   * @param totalSessions from {@link countSourceSessions}.
   */
  constructor(
    private readonly options: Pick<BackfillOptions, "onProgress" | "progressIntervalMs">,
    private readonly now: () => number,
    private readonly begin: number,
    private readonly checkpoint: CheckpointKeeper,
    private readonly totalSessions: number | null,
  ) {}

  /** Reports `stage`, unless the last report is more recent than the interval and not `force`. */
  report(stage: BackfillProgress["stage"], force = false): void {
    const { onProgress } = this.options;
    if (!onProgress) return;
    const t = this.now();
    if (!force && t - this.last < (this.options.progressIntervalMs ?? 250)) return;
    this.last = t;
    const cp = this.checkpoint.current;
    const elapsedMs = t - this.begin;
    onProgress({
      stage,
      sessions: cp.sessions,
      events: cp.events,
      written: cp.written,
      skipped: cp.skipped,
      recopied: cp.recopied,
      failed: cp.failed,
      totalSessions: this.totalSessions,
      elapsedMs,
      eventsPerSecond: this.checkpoint.eventsPerSecond(elapsedMs),
    });
  }
}
