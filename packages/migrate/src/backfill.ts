import {
  canonicalJson,
  compareKeys,
  isSessionKitError,
  type JsonObject,
  type SessionKey,
  type SessionRepository,
  type SessionSnapshot,
  type SessionTransaction,
} from "@sessionkit/core";
import { newCheckpoint, readBackfillCheckpoint, recheckLastBatch } from "./backfill-checkpoint.js";
import type {
  BackfillCheckpoint,
  BackfillOptions,
  BackfillProblem,
  BackfillProgress,
  BackfillResult,
} from "./backfill-types.js";
import { keyOf } from "./keys.js";
import { BACKFILL_CHECKPOINT_NAME } from "./meta-names.js";
import { orderedSessions, type SessionSource } from "./session-source.js";
import { sleep, Throttle } from "./throttle.js";
import { UnreadableSessions } from "./unreadable-sessions.js";

export { assertResumableSource, readBackfillCheckpoint } from "./backfill-checkpoint.js";
export type * from "./backfill-types.js";

const RECOPY_ATTEMPTS = 3;

/** What the re-checks need of a copied session: no content, so a batch holds no event objects. */
interface CopiedSession {
  key: SessionKey;
  revision: number;
  lastSeq: number;
}

const copiedOf = (s: SessionSnapshot): CopiedSession => ({
  key: keyOf(s),
  revision: s.revision,
  lastSeq: s.lastSeq,
});

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
 */
export async function backfill(options: BackfillOptions): Promise<BackfillResult> {
  const now = options.now ?? Date.now;
  const { source, target } = options;
  const batchSize = options.batchSize ?? 200;
  const batchEvents = options.batchEvents ?? 10_000;
  const dryRun = options.dryRun ?? false;
  const recheckMode =
    options.recheck === undefined || options.recheck === true
      ? "full"
      : options.recheck === false
        ? "none"
        : options.recheck;
  const recheck = recheckMode === "full" && typeof source.read === "function";
  const recheckKeys =
    recheckMode === "keys" &&
    typeof source.keys === "function" &&
    typeof source.read === "function";
  const begin = now();
  const problems: BackfillProblem[] = [];
  const unstable: SessionKey[] = [];

  const stored = options.restart ? null : await readBackfillCheckpoint(target);
  const resumed = stored !== null && !stored.done;
  const cp: BackfillCheckpoint = resumed
    ? { ...stored, resumes: (stored.resumes ?? 0) + 1, updatedAt: begin }
    : newCheckpoint(begin);
  const eventsAtStart = cp.events;
  let totalSessions: number | null = null;
  if (options.onProgress && source.count) {
    try {
      totalSessions = (await source.count()).sessions;
    } catch {
      totalSessions = null;
    }
  }

  let lastProgress = 0;
  const progress = (stage: BackfillProgress["stage"], force = false) => {
    if (!options.onProgress) return;
    const t = now();
    if (!force && t - lastProgress < (options.progressIntervalMs ?? 250)) return;
    lastProgress = t;
    const elapsedMs = t - begin;
    options.onProgress({
      stage,
      sessions: cp.sessions,
      events: cp.events,
      written: cp.written,
      skipped: cp.skipped,
      recopied: cp.recopied,
      failed: cp.failed,
      totalSessions,
      elapsedMs,
      eventsPerSecond: elapsedMs > 0 ? ((cp.events - eventsAtStart) * 1000) / elapsedMs : 0,
    });
  };

  const throttle = new Throttle(options.maxEventsPerSecond, now);
  const saveCheckpoint = (tx: { setMeta: SessionRepository["setMeta"] }) =>
    tx.setMeta(BACKFILL_CHECKPOINT_NAME, cp as unknown as JsonObject);
  let interrupted = false;

  // The "keys" re-check of a committed batch runs while the next batch's re-check reads the
  // source; it always completes before the next batch transaction and before the end.
  let pendingCheck: Promise<void> | null = null;
  const settleCheck = async () => {
    const pending = pendingCheck;
    pendingCheck = null;
    if (pending) await pending;
  };

  const unreadable = new UnreadableSessions();
  const onUnreadable = options.skipCorrupt
    ? unreadable.handler(() => {
        cp.corrupt = (cp.corrupt ?? 0) + 1;
      })
    : undefined;
  const stream = orderedSessions(source, cp.after ?? undefined, onUnreadable)[
    Symbol.asyncIterator
  ]();
  let exhausted = false;
  const maxBatchMs = options.maxBatchMs ?? 250;

  /** Writes one snapshot in the batch transaction; data the target rejects is reported, not fatal. */
  const writeOne = async (
    tx: SessionTransaction,
    s: SessionSnapshot,
    failures: BackfillProblem[],
  ): Promise<void> => {
    try {
      // Validation runs before any write, and a failed write rolls back to its savepoint.
      if ((await tx.writeSnapshot(s, { mode: "if-newer" })) === "written") cp.written++;
      else cp.skipped++;
    } catch (e) {
      if (!isSessionKitError(e, "INVALID_ARGUMENT") && !isSessionKitError(e, "LIMIT")) throw e;
      cp.failed++;
      failures.push({ key: keyOf(s), code: e.code, message: e.message });
    }
  };

  /**
   * One batch: the pending re-copies, then sessions streamed from the source until the batch is
   * full (sessions, events or time), written with the checkpoint in one transaction.
   */
  const copyBatch = async (recopies: SessionSnapshot[]) => {
    await settleCheck();
    const before = { ...cp };
    for (let attempt = 1; ; attempt++) {
      let consumed = false;
      const copied: CopiedSession[] = [];
      const failures: BackfillProblem[] = [];
      let events = 0;
      try {
        await target.transaction(async (tx) => {
          Object.assign(cp, before); // idempotent if the callback ever runs again
          copied.length = 0;
          failures.length = 0;
          events = 0;
          for (const s of recopies) {
            await writeOne(tx, s, failures);
            cp.recopied++;
            events += s.events.length;
          }
          const opened = performance.now();
          let sessions = 0;
          while (
            !exhausted &&
            sessions < batchSize &&
            events < batchEvents &&
            performance.now() - opened < maxBatchMs
          ) {
            consumed = true;
            const next = await stream.next();
            if (next.done) {
              exhausted = true;
              break;
            }
            const s = next.value;
            await writeOne(tx, s, failures);
            cp.sessions++;
            cp.events += s.events.length;
            events += s.events.length;
            sessions++;
            copied.push(copiedOf(s));
          }
          const last = copied[copied.length - 1];
          if (last) {
            cp.batchFrom = cp.after;
            cp.after = last.key;
          }
          if (copied.length === 0 && recopies.length === 0) return;
          cp.batches++;
          cp.updatedAt = now();
          await saveCheckpoint(tx);
        });
        for (const f of failures) if (problems.length < 1000) problems.push(f);
        return { copied, recopied: recopies.map(copiedOf), events };
      } catch (error) {
        Object.assign(cp, before);
        // The application writes the target too: wait out a lock held longer than its timeout.
        // Only before the batch consumed the source: what it read is gone with the rollback.
        if (consumed || !isSessionKitError(error, "BUSY") || attempt >= 5) throw error;
        await sleep(200 * attempt, options.signal);
      }
    }
  };

  /** --dry-run: counts what a batch would write, reading the target only. */
  const countBatch = async () => {
    const copied: CopiedSession[] = [];
    let events = 0;
    while (!exhausted && copied.length < batchSize && events < batchEvents) {
      const next = await stream.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const s = next.value;
      const current = await target.readSnapshot(keyOf(s));
      if (current && current.revision >= s.revision) cp.skipped++;
      else cp.written++;
      cp.sessions++;
      cp.events += s.events.length;
      events += s.events.length;
      copied.push(copiedOf(s));
    }
    const last = copied[copied.length - 1];
    if (last) {
      cp.batchFrom = cp.after;
      cp.after = last.key;
      cp.batches++;
    }
    return { copied, recopied: [] as CopiedSession[], events };
  };

  /** Reads with a small look-ahead window, so file I/O overlaps without holding a batch twice. */
  const ahead = new Map<string, Promise<SessionSnapshot | null>>();
  let readQueue: SessionKey[] = [];
  const readAhead = (key: SessionKey): Promise<SessionSnapshot | null> => {
    const k = canonicalJson([key.appName, key.userId, key.sessionId]);
    while (ahead.size < 48 && readQueue.length > 0) {
      const next = readQueue.shift() as SessionKey;
      const nk = canonicalJson([next.appName, next.userId, next.sessionId]);
      if (!ahead.has(nk)) {
        const pending = (source.read as NonNullable<SessionSource["read"]>)(next);
        pending.catch(() => {});
        ahead.set(nk, pending);
      }
    }
    const pending = ahead.get(k) ?? (source.read as NonNullable<SessionSource["read"]>)(key);
    ahead.delete(k);
    return pending;
  };

  /** Re-reads the batch from the source; returns fresh copies of sessions that changed. */
  const changedSince = async (batch: CopiedSession[], attempt: Map<string, number>) => {
    if (!recheck || dryRun || !source.read) return [];
    readQueue = batch.map((c) => c.key);
    const out: SessionSnapshot[] = [];
    for (let i = 0; i < batch.length; i++) {
      const before = batch[i] as CopiedSession;
      const now = await readAhead(before.key);
      // Every write to a session bumps its revision, so an equal revision means unchanged.
      if (now && now.revision === before.revision && now.lastSeq === before.lastSeq) continue;
      if (now === null) {
        // Deleted in the source during the copy: remove what this batch may have resurrected.
        // Always, whatever the attempt count: the application's own delete may already have
        // reached the target before this batch wrote the session back.
        await target.deleteSession(before.key);
        cp.recopied++;
        continue;
      }
      const k = canonicalJson([before.key.appName, before.key.userId, before.key.sessionId]);
      const n = (attempt.get(k) ?? 0) + 1;
      attempt.set(k, n);
      if (n > RECOPY_ATTEMPTS) {
        unstable.push(before.key);
        continue;
      }
      out.push(now);
    }
    return out;
  };

  /** "keys" re-check: sessions of the batch no longer listed by the source were deleted meanwhile. */
  const deletedSince = async (batch: CopiedSession[], after: SessionKey | null) => {
    if (!recheckKeys || dryRun || batch.length === 0) return;
    const listSource = source.keys as NonNullable<SessionSource["keys"]>;
    const last = (batch[batch.length - 1] as CopiedSession).key;
    const present = new Set<string>();
    let cursor = after ?? undefined;
    for (;;) {
      const keys = await listSource({ after: cursor, limit: Math.min(10_000, batch.length + 64) });
      for (const k of keys) present.add(canonicalJson([k.appName, k.userId, k.sessionId]));
      const end = keys[keys.length - 1];
      if (!end || keys.length < Math.min(10_000, batch.length + 64) || compareKeys(end, last) >= 0)
        break;
      cursor = end;
    }
    for (const { key } of batch) {
      if (present.has(canonicalJson([key.appName, key.userId, key.sessionId]))) continue;
      // Gone from the listing: confirm with a read, then remove what the batch may have resurrected.
      if ((await (source.read as NonNullable<SessionSource["read"]>)(key)) === null) {
        await target.deleteSession(key);
        cp.recopied++;
      }
    }
  };

  if (
    resumed &&
    !dryRun &&
    recheckMode !== "none" &&
    typeof source.read === "function" &&
    cp.after !== null &&
    cp.batchFrom !== undefined &&
    !cp.scopesDone
  ) {
    cp.recopied += await recheckLastBatch(
      source,
      target,
      recheckMode,
      cp.batchFrom,
      cp.after,
      onUnreadable,
    );
  }

  if (!cp.done) {
    let recopies: SessionSnapshot[] = [];
    const attempts = new Map<string, number>();
    if (!cp.scopesDone) {
      try {
        while (!exhausted || recopies.length > 0) {
          const from = cp.after;
          const { copied, recopied, events } = dryRun
            ? await countBatch()
            : await copyBatch(recopies);
          recopies = [];
          if (copied.length > 0) {
            const check = deletedSince(copied, from);
            check.catch(() => {}); // surfaced by settleCheck
            pendingCheck = check;
          }
          recopies = await changedSince([...recopied, ...copied], attempts);
          progress("sessions");
          await throttle.after(events, options.signal);
          if (options.signal?.aborted && !exhausted) {
            interrupted = true;
            break;
          }
        }
      } finally {
        await settleCheck();
        await stream.return?.(undefined);
      }
    }

    if (!interrupted && !cp.scopesDone) {
      progress("scopes", true);
      if (source.scopes) {
        for await (const { scope, state } of source.scopes()) {
          if (dryRun) continue;
          // Re-read until stable: a dual-writing application may change the scope meanwhile.
          let current = state;
          for (let i = 0; i < 5; i++) {
            await target.writeScopedState(scope, current);
            if (!source.readScope) break;
            const again = await source.readScope(scope);
            if (canonicalJson(again) === canonicalJson(current)) break;
            current = again;
          }
        }
      }
      if (source.meta) {
        progress("meta", true);
        for await (const entry of source.meta()) {
          if (!dryRun) await target.setMeta(entry.name, entry.value);
        }
      }
      cp.scopesDone = true;
    }
  }

  if (!interrupted) {
    cp.done = true;
    cp.finishedAt = now();
    cp.updatedAt = cp.finishedAt;
  }
  if (!dryRun) await saveCheckpoint(target);
  progress("done", true);
  const durationMs = now() - begin;
  return {
    ...cp,
    dryRun,
    resumed,
    interrupted,
    durationMs,
    eventsPerSecond: durationMs > 0 ? ((cp.events - eventsAtStart) * 1000) / durationMs : 0,
    problems,
    unstable,
    skippedCorrupt: unreadable.listed,
  };
}
