import type { SessionKey, SessionRepository } from "@sessionkit/core";
import type { SessionSource } from "./session-source.js";

/** The durable backfill checkpoint, committed in the same target transaction as each batch. */
export interface BackfillCheckpoint {
  runId: string;
  startedAt: number;
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
  sessions: number;
  events: number;
  /** Sessions written to the target (the rest were skipped: the target copy was as new). */
  written: number;
  skipped: number;
  /** Sessions copied again because legacy changed while they were being copied. */
  recopied: number;
  /** Sessions that could not be copied (invalid or unreadable in the source). */
  failed: number;
  batches: number;
  /** How many times this run was resumed after an interruption. */
  resumes: number;
  scopesDone: boolean;
  done: boolean;
  finishedAt: number | null;
}

export interface BackfillProgress {
  stage: "sessions" | "scopes" | "meta" | "done";
  sessions: number;
  events: number;
  written: number;
  skipped: number;
  recopied: number;
  failed: number;
  totalSessions: number | null;
  elapsedMs: number;
  eventsPerSecond: number;
}

export interface BackfillOptions {
  source: SessionSource;
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
  /** Stops after the current batch; the checkpoint allows resuming. */
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
  /** Minimum ms between progress callbacks. Default 250. */
  progressIntervalMs?: number;
  now?: () => number;
}

export interface BackfillProblem {
  key: SessionKey;
  code: string;
  message: string;
}

export interface BackfillResult extends BackfillCheckpoint {
  dryRun: boolean;
  resumed: boolean;
  interrupted: boolean;
  durationMs: number;
  /** Events per second over this invocation. */
  eventsPerSecond: number;
  /** Up to 1,000 sessions that failed, with the reason. */
  problems: BackfillProblem[];
  /** Sessions that kept changing during the copy (left to dual-write and `repair`). */
  unstable: SessionKey[];
}
