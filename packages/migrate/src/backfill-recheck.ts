import type { SessionKey, SessionRepository, SessionSnapshot } from "@sessionkit/core";
import { compareKeys } from "@sessionkit/core/adapter-kit";
import type { CopiedSession } from "./backfill-batch-writer.js";
import { keyText, LookAheadReads } from "./backfill-reader.js";
import type { BackfillCheckpoint, BackfillOptions } from "./backfill-types.js";
import type { SessionSource, UnreadableHandler } from "./session-source.js";

/** How a committed batch is re-checked against the source (see `BackfillOptions.recheck`). */
export type RecheckMode = "full" | "keys" | "none";

/** A session that keeps changing is copied at most this many times more, then left to dual-write. */
const RECOPY_ATTEMPTS = 3;

/** The re-check mode `BackfillOptions.recheck` asks for (true and undefined: "full"). */
export function requestedRecheck(option: BackfillOptions["recheck"]): RecheckMode {
  if (option === undefined || option === true) return "full";
  if (option === false) return "none";
  return option;
}

/**
 * What a committed batch is re-checked with: the requested mode when the source can serve it
 * ("full" needs `read`, "keys" needs `keys` and `read`), otherwise none; none in a dry run.
 */
export function batchRecheckMode(
  requested: RecheckMode,
  source: SessionSource,
  dryRun: boolean,
): RecheckMode {
  if (dryRun || typeof source.read !== "function") return "none";
  if (requested === "keys" && typeof source.keys !== "function") return "none";
  return requested;
}

/**
 * The re-check of each committed batch against the source, for sessions changed or deleted by a
 * dual-writing application while the batch was being copied:
 * - "full": {@link changed} re-reads the batch and returns the sessions to copy again (removing
 *   the ones deleted meanwhile); a session still changing after three copies is `unstable`;
 * - "keys": {@link startDeletedCheck} re-lists the batch's keys in the background and removes the
 *   sessions no longer listed; {@link settle} waits for it (before the next batch transaction
 *   and before the end) and raises its error.
 * Sessions removed from the target are counted in the checkpoint's `recopied`.
 */
export class BatchRecheck {
  /** Sessions that kept changing during the copy (left to dual-write and `repair`). */
  readonly unstable: SessionKey[] = [];
  /** Copies made so far of each session that changed, by key text. */
  private readonly attempts = new Map<string, number>();
  private readonly reads: LookAheadReads;
  private pending: Promise<void> | null = null;

  /**
   * @param mode from {@link batchRecheckMode}.
   * @param counts the checkpoint whose `recopied` counts the removals.
   */
  constructor(
    private readonly source: SessionSource,
    private readonly target: SessionRepository,
    private readonly mode: RecheckMode,
    private readonly counts: Pick<BackfillCheckpoint, "recopied">,
  ) {
    this.reads = new LookAheadReads(source);
  }

  /** "full": the fresh copies of the batch's sessions that changed since they were read. */
  async changed(batch: CopiedSession[]): Promise<SessionSnapshot[]> {
    if (this.mode !== "full") return [];
    this.reads.expect(batch.map((c) => c.key));
    const out: SessionSnapshot[] = [];
    for (const before of batch) {
      const now = await this.reads.read(before.key);
      // Every write to a session bumps its revision, so an equal revision means unchanged.
      if (now && now.revision === before.revision && now.lastSeq === before.lastSeq) continue;
      if (now === null) {
        // Deleted in the source during the copy: remove what this batch may have resurrected.
        // Always, whatever the attempt count: the application's own delete may already have
        // reached the target before this batch wrote the session back.
        await this.target.deleteSession(before.key);
        this.counts.recopied++;
        continue;
      }
      const k = keyText(before.key);
      const n = (this.attempts.get(k) ?? 0) + 1;
      this.attempts.set(k, n);
      if (n > RECOPY_ATTEMPTS) {
        this.unstable.push(before.key);
        continue;
      }
      out.push(now);
    }
    return out;
  }

  /** "keys": starts the re-check of a committed batch that started after `after`. */
  startDeletedCheck(batch: CopiedSession[], after: SessionKey | null): void {
    if (this.mode !== "keys" || batch.length === 0) return;
    const check = this.deletedSince(batch, after);
    check.catch(() => {}); // surfaced by settle
    this.pending = check;
  }

  /** Waits for the re-check started last, if any; throws its error. */
  async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (pending) await pending;
  }

  /** Sessions of the batch no longer listed by the source were deleted meanwhile. */
  private async deletedSince(batch: CopiedSession[], after: SessionKey | null): Promise<void> {
    const source = this.source as Required<Pick<SessionSource, "keys" | "read">>;
    const last = (batch[batch.length - 1] as CopiedSession).key;
    const limit = Math.min(10_000, batch.length + 64);
    const present = new Set<string>();
    let cursor = after ?? undefined;
    for (;;) {
      const keys = await source.keys({ after: cursor, limit });
      for (const k of keys) present.add(keyText(k));
      const end = keys[keys.length - 1];
      if (!end || keys.length < limit || compareKeys(end, last) >= 0) break;
      cursor = end;
    }
    for (const { key } of batch) {
      if (present.has(keyText(key))) continue;
      // Gone from the listing: confirm with a read, then remove what the batch may have resurrected.
      if ((await source.read(key)) === null) {
        await this.target.deleteSession(key);
        this.counts.recopied++;
      }
    }
  }
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
  mode: RecheckMode,
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
