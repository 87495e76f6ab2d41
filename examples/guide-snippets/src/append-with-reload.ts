import {
  isSessionKitError,
  type NewEvent,
  type SessionEvent,
  type SessionKey,
  type SessionRepository,
} from "@sessionkit/core";

/**
 * Optimistic concurrency: append only if nobody wrote since we read; on STALE, reload and
 * decide again (here: just retry). BUSY is retried by the adapter before it reaches you.
 */
export async function appendWithReload(
  repo: SessionRepository,
  key: SessionKey,
  event: NewEvent,
): Promise<SessionEvent> {
  for (let attempt = 1; ; attempt++) {
    const session = await repo.getSession(key, { recentEvents: 0 });
    if (!session) throw new Error(`no session ${key.sessionId}`);
    try {
      return await repo.appendEvent(key, event, { expectedRevision: session.revision });
    } catch (error) {
      if (isSessionKitError(error, "STALE") && attempt < 5) continue; // someone wrote first
      throw error; // NOT_FOUND, CONFLICT, INVALID_ARGUMENT, LIMIT, … are not retryable as-is
    }
  }
}
