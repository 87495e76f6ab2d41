import {
  isSessionKitError,
  type SessionKey,
  type SessionRepository,
  type SessionSnapshot,
  type SessionTransaction,
} from "@sessionkit/core";
import type { CheckpointKeeper } from "./backfill-checkpoint.js";
import type { SessionReader } from "./backfill-reader.js";
import { isRejection, type RejectedSessions } from "./backfill-rejections.js";
import { keyOf } from "./keys.js";
import { sleep } from "./throttle.js";

/** What the re-checks need of a copied session: no content, so a batch holds no event objects. */
export interface CopiedSession {
  key: SessionKey;
  revision: number;
  lastSeq: number;
}

function copiedOf(s: SessionSnapshot): CopiedSession {
  return { key: keyOf(s), revision: s.revision, lastSeq: s.lastSeq };
}

/** One committed (or, in a dry run, counted) batch. */
export interface Batch {
  /** The sessions read from the source, in key order. */
  copied: CopiedSession[];
  /** The sessions copied again because they changed during their earlier copy. */
  recopied: CopiedSession[];
  /** The events of both. */
  events: number;
}

/** When a batch is full: whichever limit comes first (see `BackfillOptions`). */
export interface BatchLimits {
  /** Sessions read from the source (`batchSize`). */
  sessions: number;
  /** Events, re-copies included (`batchEvents`). */
  events: number;
  /** Ms the batch transaction has been open (`maxBatchMs`); the dry run has no transaction. */
  ms: number;
}

/** The step that takes the next batch from the source: {@link BatchWriter} or {@link BatchCounter}. */
export interface BatchStep {
  /** The next batch: `recopies` first, then sessions from the source until the batch is full. */
  next(recopies: SessionSnapshot[]): Promise<Batch>;
}

/** A batch transaction the target refuses as BUSY is tried this many times in all. */
const BUSY_ATTEMPTS = 5;
/** The wait before the n-th retry is n times this. */
const BUSY_BACKOFF_MS = 200;

/** What one attempt at a batch transaction did so far. */
interface Attempt {
  /** It read from the source: a rollback now loses sessions, so it cannot be retried. */
  consumed: boolean;
  copied: CopiedSession[];
  events: number;
}

/**
 * Writes batches into the target. A batch is written in one target transaction with the
 * checkpoint: sessions are streamed from the reader into the open transaction and written as they
 * arrive (the batch holds no session content). A session is written with `writeSnapshot(mode
 * "if-newer")`, so a newer copy written by a dual-writing application is never overwritten; one
 * the target rejects is reported in place while the rest of the batch commits. A BUSY target is
 * waited out and the batch retried, only while it has not consumed the source.
 */
export class BatchWriter implements BatchStep {
  /**
   * @param now the clock of the checkpoint's `updatedAt`.
   * @param signal cuts a BUSY wait short.
   */
  constructor(
    private readonly target: SessionRepository,
    private readonly reader: SessionReader,
    private readonly checkpoint: CheckpointKeeper,
    private readonly rejections: RejectedSessions,
    private readonly limits: BatchLimits,
    private readonly now: () => number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Writes and commits the next batch; a failed batch leaves the checkpoint as it was. */
  async next(recopies: SessionSnapshot[]): Promise<Batch> {
    const before = this.checkpoint.mark();
    for (let n = 1; ; n++) {
      const attempt: Attempt = { consumed: false, copied: [], events: 0 };
      this.rejections.beginBatch();
      try {
        await this.target.transaction((tx) => this.write(tx, recopies, attempt, before));
        this.rejections.commitBatch();
        return { copied: attempt.copied, recopied: recopies.map(copiedOf), events: attempt.events };
      } catch (error) {
        this.checkpoint.restore(before);
        // The application writes the target too: wait out a lock held longer than its timeout.
        // Only before the batch consumed the source: what it read is gone with the rollback.
        if (attempt.consumed || !isSessionKitError(error, "BUSY") || n >= BUSY_ATTEMPTS) {
          throw error;
        }
        await sleep(BUSY_BACKOFF_MS * n, this.signal);
      }
    }
  }

  /** The body of the batch transaction `tx`. */
  private async write(
    tx: SessionTransaction,
    recopies: SessionSnapshot[],
    attempt: Attempt,
    before: ReturnType<CheckpointKeeper["mark"]>,
  ): Promise<void> {
    // Idempotent if the callback ever runs again.
    this.checkpoint.restore(before);
    this.rejections.beginBatch();
    attempt.copied = [];
    attempt.events = 0;
    for (const s of recopies) {
      await this.writeOne(tx, s);
      this.checkpoint.current.recopied++;
      attempt.events += s.events.length;
    }
    const { reader, limits } = this;
    const opened = performance.now();
    let sessions = 0;
    while (
      !reader.exhausted &&
      sessions < limits.sessions &&
      attempt.events < limits.events &&
      performance.now() - opened < limits.ms
    ) {
      attempt.consumed = true;
      const s = await reader.next();
      if (s === undefined) break;
      await this.writeOne(tx, s);
      this.checkpoint.countSession(s.events.length);
      attempt.events += s.events.length;
      sessions++;
      attempt.copied.push(copiedOf(s));
    }
    const last = attempt.copied[attempt.copied.length - 1];
    if (last) this.checkpoint.advance(last.key);
    if (attempt.copied.length === 0 && recopies.length === 0) return;
    await this.checkpoint.commitBatch(tx, this.now());
  }

  /** Writes one session; data the target rejects is reported, not fatal. */
  private async writeOne(tx: SessionTransaction, s: SessionSnapshot): Promise<void> {
    const counts = this.checkpoint.current;
    try {
      // Validation runs before any write, and a failed write rolls back to its savepoint.
      if ((await tx.writeSnapshot(s, { mode: "if-newer" })) === "written") counts.written++;
      else counts.skipped++;
    } catch (error) {
      if (!isRejection(error)) throw error;
      counts.failed++;
      this.rejections.add(keyOf(s), error);
    }
  }
}

/**
 * The dry run's batches: counts what a batch would write (a session is skipped when the target's
 * copy is as new), reading the target only. Re-copies never arise (no re-check in a dry run).
 */
export class BatchCounter implements BatchStep {
  constructor(
    private readonly target: SessionRepository,
    private readonly reader: SessionReader,
    private readonly checkpoint: CheckpointKeeper,
    private readonly limits: BatchLimits,
  ) {}

  /** Counts the next batch into the checkpoint. */
  async next(): Promise<Batch> {
    const { reader, limits } = this;
    const counts = this.checkpoint.current;
    const copied: CopiedSession[] = [];
    let events = 0;
    while (!reader.exhausted && copied.length < limits.sessions && events < limits.events) {
      const s = await reader.next();
      if (s === undefined) break;
      const current = await this.target.readSnapshot(keyOf(s));
      if (current && current.revision >= s.revision) counts.skipped++;
      else counts.written++;
      this.checkpoint.countSession(s.events.length);
      events += s.events.length;
      copied.push(copiedOf(s));
    }
    const last = copied[copied.length - 1];
    if (last) {
      this.checkpoint.advance(last.key);
      counts.batches++;
    }
    return { copied, recopied: [], events };
  }
}
