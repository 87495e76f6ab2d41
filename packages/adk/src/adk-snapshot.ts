import type { Session } from "@google/adk";
import type { JsonObject, SessionEvent, SessionSnapshot } from "@sessionkit/core";
import { APP_PREFIX, USER_PREFIX } from "@sessionkit/core";
import { toJson, toNewEvent } from "./event-codec.js";

/** The session-scoped part of a merged ADK state, and its app and user parts (unprefixed). */
export function splitMergedState(state: Record<string, unknown>): {
  session: JsonObject;
  app: JsonObject;
  user: JsonObject;
} {
  const json = toJson(state, "copyAdkSessions", "a session's state") as JsonObject;
  const out = { session: {} as JsonObject, app: {} as JsonObject, user: {} as JsonObject };
  for (const [k, v] of Object.entries(json)) {
    if (k.startsWith(APP_PREFIX)) out.app[k.slice(APP_PREFIX.length)] = v;
    else if (k.startsWith(USER_PREFIX)) out.user[k.slice(USER_PREFIX.length)] = v;
    else out.session[k] = v;
  }
  return out;
}

/** The whole-session snapshot that stores an ADK session exactly (events in the source's order). */
export function snapshotOf(session: Session, state: JsonObject): SessionSnapshot {
  const events: SessionEvent[] = session.events.map((event, i) => {
    const e = toNewEvent(event, "copyAdkSessions");
    return {
      ...e,
      id: event.id,
      seq: i + 1,
      timestamp: e.timestamp ?? Math.floor(session.lastUpdateTime),
    };
  });
  const updatedAt = Math.max(0, Math.floor(session.lastUpdateTime));
  return {
    id: session.id,
    appName: session.appName,
    userId: session.userId,
    status: "active",
    metadata: {},
    state,
    createdAt: Math.min(updatedAt, events[0]?.timestamp ?? updatedAt),
    updatedAt,
    expiredAt: null,
    revision: events.length + 1,
    lastSeq: events.length,
    events,
  };
}
