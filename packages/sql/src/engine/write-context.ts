import type { SessionEvent } from "@sessionkit/core";

/** Identity of a session for watchers: JSON of [appName, userId, sessionId]. */
export function watchKeyOf(appName: string, userId: string, sessionId: string): string {
  return JSON.stringify([appName, userId, sessionId]);
}

/**
 * What a write collects while it runs: watcher notifications, published only after the commit
 * (and dropped on rollback). `null` means the session is gone (deleted or purged).
 */
export interface WriteContext {
  readonly now: number;
  /**
   * Whether anyone may be watching: when false, stored events are not collected (nobody
   * could receive them; a watcher starting later reads its position after this commit).
   * Partial events and deletions are always collected.
   */
  readonly watched: boolean;
  readonly published: Array<[string, SessionEvent | null]>;
  /**
   * Set by a group commit on a dialect with `writerIndexing`: single events inserted while
   * full-text indexing is on are marked instead of indexed by the trigger, and their
   * `[rowid, terms]` collected here; the group indexes them all in one statement before its
   * commit (dropped with the savepoint when the write fails).
   */
  searchRows?: Array<[number, string]>;
}

/**
 * Starts the context of one write at `now` (ms since the epoch, the write's timestamp) with no
 * notifications collected yet. `watched` defaults to true (collect stored events too).
 */
export function newWriteContext(now: number, watched = true): WriteContext {
  return { now, watched, published: [] };
}
