import type { JsonObject, SessionKey, SessionRepository } from "@sessionkit/core";
import type { BackfillCheckpoint } from "./backfill-types.js";
import { migrateError } from "./errors.js";
import { BACKFILL_CHECKPOINT_NAME } from "./meta-names.js";
import type { SessionSource } from "./session-source.js";

/** The backfill checkpoint stored in the target; null when no backfill has run against it. */
export async function readBackfillCheckpoint(
  target: SessionRepository,
): Promise<BackfillCheckpoint | null> {
  return (await target.getMeta(BACKFILL_CHECKPOINT_NAME)) as BackfillCheckpoint | null;
}

/** The checkpoint of a backfill starting from the beginning at `begin` (ms since the epoch). */
export function newCheckpoint(begin: number): BackfillCheckpoint {
  return {
    runId: `${begin.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    startedAt: begin,
    updatedAt: begin,
    after: null,
    sessions: 0,
    events: 0,
    written: 0,
    skipped: 0,
    recopied: 0,
    failed: 0,
    batches: 0,
    resumes: 0,
    scopesDone: false,
    done: false,
    finishedAt: null,
  };
}

/** Throws when the source cannot serve a resumable backfill. */
export function assertResumableSource(source: SessionSource): void {
  if (typeof source.sessions !== "function") {
    throw migrateError("INVALID_ARGUMENT", "backfill", `source ${source.name} has no sessions()`);
  }
}

/**
 * The resume point of one backfill run and its running counts: the checkpoint it continues (or
 * a new one), advanced batch by batch and saved in each batch's transaction. The steps of the
 * run update `current` in place; a batch whose transaction fails is undone with
 * {@link mark}/{@link restore}, so the counts only ever hold committed work.
 */
export class CheckpointKeeper {
  /** Events the runs this one resumes had copied: this run's own are `current.events` minus these. */
  readonly eventsAtStart: number;

  private constructor(
    /** The checkpoint as of now: committed batches plus the batch being written. */
    readonly current: BackfillCheckpoint,
    /** This run continues an earlier, unfinished one. */
    readonly resumed: boolean,
  ) {
    this.eventsAtStart = current.events;
  }

  /**
   * The checkpoint a run at `begin` starts from: the unfinished one stored in `target` (one more
   * resume), or a new one when there is none, it is done, or `restart` is set.
   */
  static async open(
    target: SessionRepository,
    begin: number,
    restart: boolean,
  ): Promise<CheckpointKeeper> {
    const stored = restart ? null : await readBackfillCheckpoint(target);
    if (stored !== null && !stored.done) {
      return new CheckpointKeeper(
        { ...stored, resumes: (stored.resumes ?? 0) + 1, updatedAt: begin },
        true,
      );
    }
    return new CheckpointKeeper(newCheckpoint(begin), false);
  }

  /** A copy of the counts, to {@link restore} when the batch being written is rolled back. */
  mark(): BackfillCheckpoint {
    return { ...this.current };
  }

  /** Puts back the counts of a {@link mark}. */
  restore(mark: BackfillCheckpoint): void {
    Object.assign(this.current, mark);
  }

  /** Counts one session read from the source (written, skipped or rejected). */
  countSession(events: number): void {
    this.current.sessions++;
    this.current.events += events;
  }

  /** Moves the resume point past a batch that ended at `last`; the batch starts where it was. */
  advance(last: SessionKey): void {
    this.current.batchFrom = this.current.after;
    this.current.after = last;
  }

  /** Counts one more batch and saves the checkpoint in its transaction `tx`. */
  commitBatch(tx: Pick<SessionRepository, "setMeta">, at: number): Promise<void> {
    this.current.batches++;
    this.current.updatedAt = at;
    return this.save(tx);
  }

  /** Marks the whole backfill done at `at` (ms since the epoch). */
  finish(at: number): void {
    this.current.done = true;
    this.current.finishedAt = at;
    this.current.updatedAt = at;
  }

  /** Writes the checkpoint to `tx`, a batch transaction or the target itself. */
  save(tx: Pick<SessionRepository, "setMeta">): Promise<void> {
    return tx.setMeta(BACKFILL_CHECKPOINT_NAME, this.current as unknown as JsonObject);
  }

  /** Events per second this run copied in `elapsedMs` (0 before any time passed). */
  eventsPerSecond(elapsedMs: number): number {
    return elapsedMs > 0 ? ((this.current.events - this.eventsAtStart) * 1000) / elapsedMs : 0;
  }
}
