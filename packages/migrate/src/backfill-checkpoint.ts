import { compareKeys, type SessionKey, type SessionRepository } from "@sessionkit/core";
import type { BackfillCheckpoint } from "./backfill-types.js";
import { migrateError } from "./errors.js";
import { BACKFILL_CHECKPOINT_NAME } from "./meta-names.js";
import type { SessionSource, UnreadableHandler } from "./session-source.js";

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

/**
 * On resume: the re-check of the last committed batch, which the interrupted run may not have
 * finished. Every target session in (from, to] that the source no longer has is removed; with
 * "full", one whose revision differs is copied again (never over a newer copy). A session the
 * source cannot read is left alone when `onUnreadable` accepts the error.
 * @returns the sessions removed or copied again.
 */
export async function recheckLastBatch(
  source: SessionSource,
  target: SessionRepository,
  mode: "full" | "keys" | "none",
  from: SessionKey | null,
  to: SessionKey,
  onUnreadable?: UnreadableHandler,
): Promise<number> {
  const read = source.read as NonNullable<SessionSource["read"]>;
  let changed = 0;
  let cursor = from ?? undefined;
  for (;;) {
    const keys = await target.scanSessions({ limit: 500, ...(cursor ? { after: cursor } : {}) });
    for (const key of keys) {
      if (compareKeys(key, to) > 0) return changed;
      let now: Awaited<ReturnType<typeof read>>;
      try {
        now = await read(key);
      } catch (error) {
        if (onUnreadable?.(key, error)) continue;
        throw error;
      }
      if (now === null) {
        if (await target.deleteSession(key)) changed++;
        continue;
      }
      if (mode !== "full") continue;
      const stored = await target.readSnapshot(key);
      if (stored && stored.revision === now.revision && stored.lastSeq === now.lastSeq) continue;
      if ((await target.writeSnapshot(now, { mode: "if-newer" })) === "written") changed++;
    }
    if (keys.length < 500) return changed;
    cursor = keys[keys.length - 1];
  }
}

/** Throws when the source cannot serve a resumable backfill. */
export function assertResumableSource(source: SessionSource): void {
  if (typeof source.sessions !== "function") {
    throw migrateError("INVALID_ARGUMENT", "backfill", `source ${source.name} has no sessions()`);
  }
}
