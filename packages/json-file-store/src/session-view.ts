import type { JsonObject, Session, SessionEvent, SessionKey } from "@sessionkit/core";
import { mergeState } from "@sessionkit/core/adapter-kit";
import type { SessionHeader } from "./format.js";

/** The key of a stored session record. */
export const keyOf = (s: { appName: string; userId: string; id: string }): SessionKey => ({
  appName: s.appName,
  userId: s.userId,
  sessionId: s.id,
});

/** A Session as callers see it: the header with merged state, and events when asked for. */
export function sessionView(
  rec: SessionHeader,
  app: JsonObject,
  user: JsonObject,
  events?: SessionEvent[],
): Session {
  const session: Session = {
    appName: rec.appName,
    userId: rec.userId,
    id: rec.id,
    state: mergeState(rec.state, app, user),
    metadata: rec.metadata,
    status: rec.status,
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
    expiredAt: rec.expiredAt,
    lastSeq: rec.lastSeq,
    revision: rec.revision,
  };
  if (events) session.events = events;
  return session;
}
