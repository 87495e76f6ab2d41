import type { SessionKey, SessionRepository } from "@sessionkit/core";
import type { SessionSource } from "./session-source.js";

/** The durable backfill checkpoint, committed in the same target transaction as each batch. */
export interface BackfillCheckpoint {
  /** Identifies the backfill (kept across resumes; a `restart` starts a new one). */
  runId: string;
  /** When the backfill started, ms since the epoch. */
  startedAt: number;
  /** When the checkpoint was last written, ms since the epoch. */
  updatedAt: number;
  /** The last session key committed; the next run continues strictly after it. */
  after: SessionKey | null;
  /**
   * Where the last committed batch started (exclusive; null: at the beginning). A resumed run
   * re-checks the sessions in (batchFrom, after] first: a run killed between a batch's commit
   * and its re-check would otherwise leave a copy of a session deleted or changed meanwhile.
   * Absent in checkpoints written before this field existed.
   */
  batchFrom?: SessionKey | null;
  /** Sessions read from the source and committed (written, skipped or failed). */
  sessions: number;
  /** Events in those sessions. */
  events: number;
  /** Sessions written to the target (the rest were skipped: the target copy was as new). */
  written: number;
  /** Sessions not written because the target copy was as new or newer (`if-newer`). */
  skipped: number;
  /** Sessions copied again because legacy changed while they were being copied. */
  recopied: number;
  /** Sessions the target rejected (invalid data); listed in `BackfillResult.problems`. */
  failed: number;
  /**
   * Legacy sessions skipped because they cannot be read (damaged files, `skipCorrupt`); listed in
   * `BackfillResult.skippedCorrupt`. Absent in checkpoints written before this field existed.
   */
  corrupt?: number;
  /** Batch transactions committed. */
  batches: number;
  /** How many times this run was resumed after an interruption. */
  resumes: number;
  /** Sessions are done and app/user state and meta entries were copied. */
  scopesDone: boolean;
  /** The whole backfill completed. */
  done: boolean;
  /** When it completed, ms since the epoch; null until then. */
  finishedAt: number | null;
}

/**
 * What `onProgress` receives, at most every `progressIntervalMs` and at each stage change: the
 * checkpoint's counts so far (this run and the runs it resumes) plus the run's own figures.
 */
export interface BackfillProgress
  extends Pick<
    BackfillCheckpoint,
    "sessions" | "events" | "written" | "skipped" | "recopied" | "failed"
  > {
  /** Copying sessions, then app/user state, then meta entries; "done" once at the end. */
  stage: "sessions" | "scopes" | "meta" | "done";
  /** Sessions in the source, when it can count them (`source.count`); null otherwise. */
  totalSessions: number | null;
  /** Milliseconds since this run started. */
  elapsedMs: number;
  /** Events copied per second by this run. */
  eventsPerSecond: number;
}

/** Options of {@link backfill}. */
export interface BackfillOptions {
  /** Where sessions come from, in ascending key order (see `SessionSource`). */
  source: SessionSource;
  /**
   * The repository written to; it must support multi-session transactions (the checkpoint is
   * committed with each batch). Also holds the checkpoint, under a reserved meta name.
   */
  target: SessionRepository;
  /** Sessions per batch (one target transaction each). Default 200. */
  batchSize?: number;
  /** A batch is also committed once it holds this many events. Default 10,000. */
  batchEvents?: number;
  /**
   * A batch is also committed once its transaction has been open this long, so a slow source
   * never holds the target's write lock for long (a dual-writing application waits for it).
   * Default 250 ms.
   */
  maxBatchMs?: number;
  /** Throttle: at most this many events per second on average. */
  maxEventsPerSecond?: number;
  /** Ignore the checkpoint and start from the beginning. */
  restart?: boolean;
  /** Count what would be written without writing anything. */
  dryRun?: boolean;
  /**
   * How a session that changed in the source during its copy is caught (after its batch commits):
   * - "full" (default, or true): re-read every session of the batch and copy again the ones whose
   *   revision moved (needs `source.read`);
   * - "keys": re-list the batch's keys only and remove sessions deleted meanwhile — content
   *   changes are left to the dual-writing application, whose phased repository copies every
   *   change it makes (newer revision wins); cheaper, for large backfills under dual-write;
   * - "none" (or false): no re-check (offline backfill).
   */
  recheck?: boolean | "full" | "keys" | "none";
  /**
   * Skip legacy sessions that cannot be read because their data is damaged (the source raises
   * CORRUPT, e.g. a truncated JSON file) and copy everything else; each one is listed in
   * `BackfillResult.skippedCorrupt` with its file and reason. Default false: the first damaged
   * session ends the run with its error. Needs a source that supports `onUnreadable`
   * (`repositorySource` does).
   */
  skipCorrupt?: boolean;
  /** Stops after the current batch; the checkpoint allows resuming. */
  signal?: AbortSignal;
  /** Called with the progress after batches (throttled) and at every stage change. */
  onProgress?: (progress: BackfillProgress) => void;
  /** Minimum ms between progress callbacks. Default 250. */
  progressIntervalMs?: number;
  /** The clock for checkpoint times, progress and the throttle (ms since the epoch). Default Date.now. */
  now?: () => number;
}

/** A session the backfill could not copy; the others are copied regardless. */
export interface BackfillProblem {
  /** The session's key in the source. */
  key: SessionKey;
  /** The SessionKitError code the target raised, e.g. "INVALID_ARGUMENT" or "LIMIT". */
  code: string;
  /** The error message: the field and why it was rejected. */
  message: string;
  /** The damaged file, when the source names it (skipped corrupt sessions). */
  file?: string;
}

/**
 * What a backfill run did: the final checkpoint (counts include the runs it resumed) plus this
 * run's own figures.
 */
export interface BackfillResult extends BackfillCheckpoint {
  /** Nothing was written (`dryRun`): the counts say what would have been. */
  dryRun: boolean;
  /** This run continued an earlier interrupted one from its checkpoint. */
  resumed: boolean;
  /** Stopped by `signal` before the end; run again to resume. */
  interrupted: boolean;
  /** Wall time of this run, ms. */
  durationMs: number;
  /** Events per second over this invocation. */
  eventsPerSecond: number;
  /** Up to 1,000 sessions that failed, with the reason. */
  problems: BackfillProblem[];
  /** Sessions that kept changing during the copy (left to dual-write and `repair`). */
  unstable: SessionKey[];
  /**
   * Up to 1,000 legacy sessions this run skipped as unreadable (`skipCorrupt`), with the file and
   * reason; the checkpoint's `corrupt` counts every run's.
   */
  skippedCorrupt: BackfillProblem[];
}
