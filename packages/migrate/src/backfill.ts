import {
  canonicalJson,
  compareKeys,
  isSessionKitError,
  type JsonObject,
  type SessionKey,
  type SessionRepository,
  type SessionSnapshot,
} from "@sessionkit/core";
import { migrateError } from "./errors.js";
import { keyOf } from "./keys.js";
import { BACKFILL_CHECKPOINT_NAME } from "./meta-names.js";
import { orderedSessions, type SessionSource } from "./session-source.js";
import { sleep, Throttle } from "./throttle.js";

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

const RECOPY_ATTEMPTS = 3;

export async function readBackfillCheckpoint(
  target: SessionRepository,
): Promise<BackfillCheckpoint | null> {
  return (await target.getMeta(BACKFILL_CHECKPOINT_NAME)) as BackfillCheckpoint | null;
}

/**
 * Copies every session of `source` into `target`, batch by batch. Each batch and its checkpoint
 * commit in one target transaction, so a run killed at any moment resumes after the last
 * committed batch with no gap and no duplicate (sessions are written whole). A session is
 * written with `writeSnapshot(mode "if-newer")`, so a newer copy written by a dual-writing
 * application is never overwritten; a session that changed in the source during its copy is
 * re-read and copied again. App/user state and meta entries are copied after the sessions.
 * Memory stays bounded: the source is streamed one batch at a time.
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
    : {
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

  // The "keys" re-check of a committed batch lists the source while the next batch is read
  // (both are file I/O); it always completes before the next commit and before the end.
  let pendingCheck: Promise<void> | null = null;
  const settleCheck = async () => {
    const pending = pendingCheck;
    pendingCheck = null;
    if (pending) await pending;
  };

  /** Writes one batch with its checkpoint; on bad data, falls back to one session at a time. */
  const commit = async (batch: SessionSnapshot[], recopies: SessionSnapshot[]) => {
    await settleCheck();
    const all = [...recopies, ...batch];
    const last = batch[batch.length - 1];
    const apply = (results: Array<"written" | "skipped">) => {
      for (const r of results)
        if (r === "written") cp.written++;
        else cp.skipped++;
      cp.recopied += recopies.length;
      for (const s of batch) {
        cp.sessions++;
        cp.events += s.events.length;
      }
      if (last) {
        cp.batchFrom = cp.after;
        cp.after = keyOf(last);
      }
      cp.batches++;
      cp.updatedAt = now();
    };
    if (dryRun) {
      const results: Array<"written" | "skipped"> = [];
      for (const s of all) {
        const current = await target.readSnapshot(keyOf(s));
        results.push(current && current.revision >= s.revision ? "skipped" : "written");
      }
      apply(results);
      return;
    }
    const before = { ...cp };
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await target.transaction(async (tx) => {
            Object.assign(cp, before); // idempotent if the callback ever runs again
            const results: Array<"written" | "skipped"> = [];
            for (const s of all) results.push(await tx.writeSnapshot(s, { mode: "if-newer" }));
            apply(results);
            await saveCheckpoint(tx);
          });
          break;
        } catch (error) {
          Object.assign(cp, before);
          // The application writes the target too: wait out a lock held longer than its timeout.
          if (!isSessionKitError(error, "BUSY") || attempt >= 5) throw error;
          await sleep(200 * attempt, options.signal);
        }
      }
    } catch (error) {
      Object.assign(cp, before);
      if (!isSessionKitError(error, "INVALID_ARGUMENT") && !isSessionKitError(error, "LIMIT"))
        throw error;
      // One bad session must not stop the others: write them one by one, report the bad ones.
      const results: Array<"written" | "skipped"> = [];
      for (const s of all) {
        try {
          results.push(await target.writeSnapshot(s, { mode: "if-newer" }));
        } catch (e) {
          if (!isSessionKitError(e)) throw e;
          cp.failed++;
          if (problems.length < 1000)
            problems.push({ key: keyOf(s), code: e.code, message: e.message });
        }
      }
      await target.transaction(async (tx) => {
        apply(results);
        await saveCheckpoint(tx);
      });
    }
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
  const changedSince = async (batch: SessionSnapshot[], attempt: Map<string, number>) => {
    if (!recheck || dryRun || !source.read) return [];
    readQueue = batch.map(keyOf);
    const out: SessionSnapshot[] = [];
    for (let i = 0; i < batch.length; i++) {
      const before = batch[i] as SessionSnapshot;
      const now = await readAhead(keyOf(before));
      // Every write to a session bumps its revision, so an equal revision means unchanged.
      if (now && now.revision === before.revision && now.lastSeq === before.lastSeq) continue;
      if (now === null) {
        // Deleted in the source during the copy: remove what this batch may have resurrected.
        // Always, whatever the attempt count: the application's own delete may already have
        // reached the target before this batch wrote the session back.
        await target.deleteSession(keyOf(before));
        cp.recopied++;
        continue;
      }
      const k = canonicalJson([before.appName, before.userId, before.id]);
      const n = (attempt.get(k) ?? 0) + 1;
      attempt.set(k, n);
      if (n > RECOPY_ATTEMPTS) {
        unstable.push(keyOf(before));
        continue;
      }
      out.push(now);
    }
    return out;
  };

  /** "keys" re-check: sessions of the batch no longer listed by the source were deleted meanwhile. */
  const deletedSince = async (batch: SessionSnapshot[], after: SessionKey | null) => {
    if (!recheckKeys || dryRun || batch.length === 0) return;
    const listSource = source.keys as NonNullable<SessionSource["keys"]>;
    const last = keyOf(batch[batch.length - 1] as SessionSnapshot);
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
    for (const s of batch) {
      if (present.has(canonicalJson([s.appName, s.userId, s.id]))) continue;
      // Gone from the listing: confirm with a read, then remove what the batch may have resurrected.
      if ((await (source.read as NonNullable<SessionSource["read"]>)(keyOf(s))) === null) {
        await target.deleteSession(keyOf(s));
        cp.recopied++;
      }
    }
  };

  /**
   * On resume: the re-check of the last committed batch, which the interrupted run may not have
   * finished. Every target session in (from, to] that the source no longer has is removed; with
   * "full", one whose revision differs is copied again (never over a newer copy).
   */
  const recheckLastBatch = async (from: SessionKey | null, to: SessionKey) => {
    const read = source.read as NonNullable<SessionSource["read"]>;
    let cursor = from ?? undefined;
    for (;;) {
      const keys = await target.scanSessions({ limit: 500, ...(cursor ? { after: cursor } : {}) });
      for (const key of keys) {
        if (compareKeys(key, to) > 0) return;
        const now = await read(key);
        if (now === null) {
          if (await target.deleteSession(key)) cp.recopied++;
          continue;
        }
        if (recheckMode !== "full") continue;
        const stored = await target.readSnapshot(key);
        if (stored && stored.revision === now.revision && stored.lastSeq === now.lastSeq) continue;
        if ((await target.writeSnapshot(now, { mode: "if-newer" })) === "written") cp.recopied++;
      }
      if (keys.length < 500) return;
      cursor = keys[keys.length - 1];
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
    await recheckLastBatch(cp.batchFrom, cp.after);
  }

  if (!cp.done) {
    let batch: SessionSnapshot[] = [];
    let batchEventCount = 0;
    let recopies: SessionSnapshot[] = [];
    const attempts = new Map<string, number>();
    const flush = async () => {
      await settleCheck();
      if (batch.length === 0 && recopies.length === 0) return;
      const committed = batch;
      const afterBefore = cp.after;
      await commit(batch, recopies);
      const check = deletedSince(committed, afterBefore);
      check.catch(() => {}); // surfaced by settleCheck
      pendingCheck = check;
      const events = batchEventCount + recopies.reduce((n, s) => n + s.events.length, 0);
      batch = [];
      batchEventCount = 0;
      recopies = await changedSince(committed, attempts);
      while (recopies.length > 0 && recopies.length >= batchSize) {
        const more = recopies;
        recopies = [];
        await commit([], more);
        recopies = await changedSince(more, attempts);
      }
      progress("sessions");
      await throttle.after(events, options.signal);
    };
    if (!cp.scopesDone) {
      try {
        for await (const snap of orderedSessions(source, cp.after ?? undefined)) {
          batch.push(snap);
          batchEventCount += snap.events.length;
          if (batch.length >= batchSize || batchEventCount >= batchEvents) {
            await flush();
            if (options.signal?.aborted) {
              interrupted = true;
              break;
            }
          }
        }
      } finally {
        await settleCheck();
      }
      if (!interrupted) {
        await flush();
        await settleCheck();
        // Recopies left from the final batch.
        while (recopies.length > 0) {
          const more = recopies;
          recopies = [];
          await commit([], more);
          recopies = await changedSince(more, attempts);
        }
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
  };
}

/** Throws when the source cannot serve a resumable backfill. */
export function assertResumableSource(source: SessionSource): void {
  if (typeof source.sessions !== "function") {
    throw migrateError("INVALID_ARGUMENT", "backfill", `source ${source.name} has no sessions()`);
  }
}
