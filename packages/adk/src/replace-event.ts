import type { NewEvent, SessionEvent, SessionKey, SessionRepository } from "@sessionkit/core";
import { describeKey, SessionKitError } from "@sessionkit/core";
import { applyEntries, splitStateDelta } from "@sessionkit/core/adapter-kit";

/** What replacing a stored event produced. */
export interface ReplacedEvent {
  /** The event as now stored, at the seq of the one it replaced. */
  event: SessionEvent;
  /** The session's revision after the replacement. */
  revision: number;
}

/** The STALE error of this package: names the session and both revisions, says what to do. */
export function staleSessionError(
  key: SessionKey,
  operation: string,
  heldRevision: number,
  cause?: unknown,
): SessionKitError {
  return new SessionKitError({
    adapter: "adk",
    operation,
    subject: describeKey(key),
    code: "STALE",
    problem:
      `the Session object (revision ${heldRevision}) is stale: the stored session was ` +
      "modified since it was read (another Runner or process appended to it)",
    remedy:
      "read it again with getSession and rerun the invocation, or use the default " +
      'onStaleSession: "merge" to append safely to the stored session',
    cause,
  });
}

/**
 * ADK's upsert by event id for an id stored with different content: one transaction reads the
 * session, replaces the event in place (same seq; the new content, timestamp and delta),
 * applies the new event's state delta to the session, `app:` and `user:` scopes as an append
 * would, bumps the revision and writes the session back. Costs a whole-session rewrite, so it
 * is kept for this rare case; an identical re-append is sessionkit's idempotent no-op instead.
 * @throws STALE when `expectedRevision` is given and differs; NOT_FOUND for a missing session.
 */
export async function replaceEvent(
  repository: SessionRepository,
  key: SessionKey,
  event: NewEvent & { id: string },
  expectedRevision: number | undefined,
): Promise<ReplacedEvent> {
  return repository.transaction(async (tx) => {
    const snapshot = await tx.readSnapshot(key);
    if (snapshot?.status !== "active") {
      throw new SessionKitError({
        adapter: "adk",
        operation: "appendEvent",
        subject: describeKey(key),
        code: "NOT_FOUND",
        problem: "the session does not exist (or has expired)",
      });
    }
    if (expectedRevision !== undefined && snapshot.revision !== expectedRevision) {
      throw staleSessionError(key, "appendEvent", expectedRevision);
    }
    const index = snapshot.events.findIndex((e) => e.id === event.id);
    const old = snapshot.events[index] as SessionEvent;
    const replaced: SessionEvent = {
      id: event.id,
      seq: old.seq,
      author: event.author,
      content: event.content,
      timestamp: event.timestamp ?? old.timestamp,
      ...(event.invocationId !== undefined ? { invocationId: event.invocationId } : {}),
      ...(event.stateDelta !== undefined ? { stateDelta: event.stateDelta } : {}),
      ...(event.metadata !== undefined ? { metadata: event.metadata } : {}),
    };
    snapshot.events[index] = replaced;
    const scoped = splitStateDelta(event.stateDelta ?? {});
    snapshot.state = applyEntries(snapshot.state, scoped.session);
    snapshot.revision += 1;
    snapshot.updatedAt = Math.max(Date.now(), snapshot.updatedAt);
    await tx.writeSnapshot(snapshot, { mode: "replace" });
    if (scoped.app.length > 0) {
      const app = await tx.getAppState({ appName: key.appName });
      await tx.writeScopedState({ appName: key.appName }, applyEntries(app, scoped.app));
    }
    if (scoped.user.length > 0) {
      const scope = { appName: key.appName, userId: key.userId };
      const user = await tx.getUserState(scope);
      await tx.writeScopedState(scope, applyEntries(user, scoped.user));
    }
    return { event: replaced, revision: snapshot.revision };
  });
}
