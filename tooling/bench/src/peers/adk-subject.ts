import {
  type BaseSessionService,
  createEvent,
  createEventActions,
  type Event,
  type Session,
} from "@google/adk";
import { directoryBytes } from "../standard/disk.js";
import type { BenchEvent, StandardSubject } from "../standard/subject.js";
import { APP } from "../standard/subjects/repository-subject.js";

/** Why no ADK session service can run W5. */
export const ADK_NO_BATCH = "no batch API: appendEvent takes one event per call";

/** A workload event as an ADK event: text as a part, the other parts in customMetadata. */
export function toAdkEvent(sessionId: string, event: BenchEvent): Event {
  return createEvent({
    id: event.id,
    invocationId: sessionId,
    author: event.author,
    content: { role: event.content.role, parts: [{ text: event.content.text }] },
    customMetadata: { parts: event.content.parts },
    timestamp: event.timestamp,
    ...(event.stateDelta
      ? { actions: createEventActions({ stateDelta: { ...event.stateDelta } }) }
      : {}),
  });
}

/**
 * Any ADK-JS session service as a standard subject. `appendEvent` needs the `Session` object
 * (ADK's runner holds the one it got from createSession/getSession and passes it on every
 * append), so the subject keeps the object createSession returned, as a runner would.
 */
export class AdkSubject implements StandardSubject {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly service: BaseSessionService,
    private readonly dir: string | null,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  private async session(userId: string, sessionId: string): Promise<Session> {
    const cached = this.sessions.get(`${userId}\u0000${sessionId}`);
    if (cached) return cached;
    // What the runner does at the start of an invocation: load the session (all its events).
    const loaded = await this.service.getSession({ appName: APP, userId, sessionId });
    if (!loaded) throw new Error(`session ${sessionId} not found`);
    this.sessions.set(`${userId}\u0000${sessionId}`, loaded);
    return loaded;
  }

  async createSession(userId: string, sessionId: string) {
    const session = await this.service.createSession({ appName: APP, userId, sessionId });
    this.sessions.set(`${userId}\u0000${sessionId}`, session);
    return session;
  }

  async appendEvent(userId: string, sessionId: string, event: BenchEvent) {
    const session = await this.session(userId, sessionId);
    return this.service.appendEvent({ session, event: toAdkEvent(sessionId, event) });
  }

  /** `getSession` with `numRecentEvents`; the state comes back merged (session, user:, app:). */
  readSession(userId: string, sessionId: string, lastEvents: number) {
    return this.service.getSession({
      appName: APP,
      userId,
      sessionId,
      config: { numRecentEvents: lastEvents },
    });
  }

  /** `listSessions` with `limit` and `order: "desc"` (by last update time). */
  async listRecentSessions(userId: string, limit: number) {
    const page = await this.service.listSessions({ appName: APP, userId, limit, order: "desc" });
    return page.sessions;
  }

  bytesOnDisk() {
    return this.dir === null ? 0 : directoryBytes(this.dir);
  }

  close() {
    this.sessions.clear();
    return this.onClose();
  }
}
