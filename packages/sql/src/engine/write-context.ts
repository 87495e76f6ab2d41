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
  readonly published: Array<[string, SessionEvent | null]>;
}

export function newWriteContext(now: number): WriteContext {
  return { now, published: [] };
}
