import type { JsonObject, NewEvent, SessionRepository } from "@sessionkit/core";
import { directoryBytes } from "../disk.js";
import type { BenchEvent, StandardSubject } from "../subject.js";

/** The app name every standard workload uses. */
export const APP = "bench";

/** A workload event as a sessionkit `NewEvent`. */
export function toNewEvent(e: BenchEvent): NewEvent {
  const event: NewEvent = {
    id: e.id,
    author: e.author,
    content: e.content as unknown as JsonObject,
    timestamp: e.timestamp,
  };
  if (e.stateDelta) event.stateDelta = e.stateDelta as JsonObject;
  return event;
}

/** Any sessionkit SessionRepository as a standard subject; its files live in `dir`. */
export function repositorySubject(repo: SessionRepository, dir: string | null): StandardSubject {
  const key = (userId: string, sessionId: string) => ({ appName: APP, userId, sessionId });
  return {
    createSession: (userId, sessionId) => repo.createSession(key(userId, sessionId)),
    appendEvent: (userId, sessionId, event) =>
      repo.appendEvent(key(userId, sessionId), toNewEvent(event)),
    appendBatch: (userId, sessionId, events) =>
      repo.appendEvents(key(userId, sessionId), events.map(toNewEvent)),
    readSession: (userId, sessionId, lastEvents) =>
      repo.getSession(key(userId, sessionId), { recentEvents: lastEvents }),
    listRecentSessions: (userId, limit) => repo.listSessions({ appName: APP, userId, limit }),
    bytesOnDisk: () => (dir === null ? 0 : directoryBytes(dir)),
    close: () => repo.close(),
  };
}
