import { BatchCounter, type BatchStep, BatchWriter } from "./backfill-batch-writer.js";
import { CheckpointKeeper } from "./backfill-checkpoint.js";
import { countSourceSessions, ProgressReporter } from "./backfill-progress.js";
import { SessionReader } from "./backfill-reader.js";
import {
  BatchRecheck,
  batchRecheckMode,
  type RecheckMode,
  recheckLastBatch,
  requestedRecheck,
} from "./backfill-recheck.js";
import { RejectedSessions } from "./backfill-rejections.js";
import { copyMeta, copyScopes } from "./backfill-scopes.js";
import type { BackfillOptions, BackfillResult } from "./backfill-types.js";
import type { SessionSource, UnreadableHandler } from "./session-source.js";
import { Throttle } from "./throttle.js";
import { UnreadableSessions } from "./unreadable-sessions.js";

export { assertResumableSource, readBackfillCheckpoint } from "./backfill-checkpoint.js";
export type * from "./backfill-types.js";

/**
 * Copies every session of `source` into `target`, batch by batch. Each batch and its checkpoint
 * commit in one target transaction, so a run killed at any moment resumes after the last
 * committed batch with no gap and no duplicate (sessions are written whole). A session is
 * written with `writeSnapshot(mode "if-newer")`, so a newer copy written by a dual-writing
 * application is never overwritten; a session that changed in the source during its copy is
 * re-read and copied again. App/user state and meta entries are copied after the sessions.
 *
 * Memory stays bounded and flat in the dataset size: sessions are streamed from the source into
 * the open batch transaction and written as they arrive, so a batch holds no session content
 * (only keys and revisions for the re-checks). A session the target rejects (invalid data) is
 * reported in `problems` and counted in `failed`; it does not stop the others. A batch
 * transaction that fails after it started consuming the source (e.g. disk full) ends the run
 * with that error; the next run resumes from the checkpoint.
 *
 * The steps: the checkpoint (`CheckpointKeeper`, the resume point), the session reader
 * (`SessionReader`), the batch writer (`BatchWriter`; `BatchCounter` in a dry run), the re-check
 * of committed batches (`BatchRecheck`), the rejected-session report (`RejectedSessions`), then
 * the copy of app/user state and meta entries.
 */
export async function backfill(options: BackfillOptions): Promise<BackfillResult> {
  const now = options.now ?? Date.now;
  const { source, target } = options;
  const dryRun = options.dryRun ?? false;
  const recheckMode = requestedRecheck(options.recheck);
  const begin = now();
  const checkpoint = await CheckpointKeeper.open(target, begin, options.restart ?? false);
  const cp = checkpoint.current;
  const totalSessions = options.onProgress ? await countSourceSessions(source) : null;
  const progress = new ProgressReporter(options, now, begin, checkpoint, totalSessions);
  const throttle = new Throttle(options.maxEventsPerSecond, now);
  const unreadable = new UnreadableSessions();
  const onUnreadable = options.skipCorrupt
    ? unreadable.handler(() => {
        cp.corrupt = (cp.corrupt ?? 0) + 1;
      })
    : undefined;
  const reader = new SessionReader(source, cp.after, onUnreadable);
  const rejections = new RejectedSessions();
  const recheck = new BatchRecheck(
    source,
    target,
    batchRecheckMode(recheckMode, source, dryRun),
    cp,
  );

  if (checkpoint.resumed && !dryRun) {
    await recheckInterruptedBatch(checkpoint, source, target, recheckMode, onUnreadable);
  }

  let interrupted = false;
  if (!cp.scopesDone) {
    const limits = {
      sessions: options.batchSize ?? 200,
      events: options.batchEvents ?? 10_000,
      ms: options.maxBatchMs ?? 250,
    };
    const batches: BatchStep = dryRun
      ? new BatchCounter(target, reader, checkpoint, limits)
      : new BatchWriter(target, reader, checkpoint, rejections, limits, now, options.signal);
    const steps = { checkpoint, batches, reader, recheck, progress, throttle };
    interrupted = await copySessions(steps, options);
    if (!interrupted) {
      progress.report("scopes", true);
      await copyScopes(source, target, dryRun);
      if (source.meta) progress.report("meta", true);
      await copyMeta(source, target, dryRun);
      cp.scopesDone = true;
    }
  }

  if (!interrupted) checkpoint.finish(now());
  if (!dryRun) await checkpoint.save(target);
  progress.report("done", true);
  const durationMs = now() - begin;
  return {
    ...cp,
    dryRun,
    resumed: checkpoint.resumed,
    interrupted,
    durationMs,
    eventsPerSecond: checkpoint.eventsPerSecond(durationMs),
    problems: rejections.listed,
    unstable: recheck.unstable,
    skippedCorrupt: unreadable.listed,
  };
}

/** The steps {@link copySessions} drives. */
interface SessionCopySteps {
  checkpoint: CheckpointKeeper;
  batches: BatchStep;
  reader: SessionReader;
  recheck: BatchRecheck;
  progress: ProgressReporter;
  throttle: Throttle;
}

/**
 * Copies the sessions batch by batch until the source is exhausted and nothing is left to copy
 * again, or `signal` aborts (then after the current batch).
 * @returns true when interrupted by `signal`.
 */
async function copySessions(
  { checkpoint, batches, reader, recheck, progress, throttle }: SessionCopySteps,
  { signal }: Pick<BackfillOptions, "signal">,
): Promise<boolean> {
  let recopies: Parameters<BatchStep["next"]>[0] = [];
  try {
    while (!reader.exhausted || recopies.length > 0) {
      const from = checkpoint.current.after;
      // The "keys" re-check of the last batch runs in the background (while the throttle
      // waits); it always completes before the next batch transaction and before the end.
      await recheck.settle();
      const { copied, recopied, events } = await batches.next(recopies);
      recheck.startDeletedCheck(copied, from);
      recopies = await recheck.changed([...recopied, ...copied]);
      progress.report("sessions");
      await throttle.after(events, signal);
      if (signal?.aborted && !reader.exhausted) return true;
    }
    return false;
  } finally {
    await recheck.settle();
    await reader.close();
  }
}

/**
 * On resume: re-checks the last committed batch, which the interrupted run may not have
 * re-checked (see `recheckLastBatch`), unless its sessions are all done or the checkpoint
 * predates `batchFrom`.
 */
async function recheckInterruptedBatch(
  checkpoint: CheckpointKeeper,
  source: SessionSource,
  target: BackfillOptions["target"],
  mode: RecheckMode,
  onUnreadable: UnreadableHandler | undefined,
): Promise<void> {
  const cp = checkpoint.current;
  if (
    mode === "none" ||
    typeof source.read !== "function" ||
    cp.after === null ||
    cp.batchFrom === undefined ||
    cp.scopesDone
  ) {
    return;
  }
  cp.recopied += await recheckLastBatch(source, target, mode, cp.batchFrom, cp.after, onUnreadable);
}
