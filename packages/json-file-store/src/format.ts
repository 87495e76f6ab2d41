import type { JsonObject, SessionEvent, SessionSnapshot } from "@sessionkit/core";

/** The content of `<root>/sessionkit.json`, byte for byte. */
export const FORMAT_NAME = "sessionkit-json";
/** The layout version this package reads and writes. */
export const FORMAT_VERSION = 1;
/** The exact bytes of `sessionkit.json`. */
export const MARKER_TEXT = `{"format":"${FORMAT_NAME}","version":${FORMAT_VERSION}}\n`;

/** The stored form of an event: keys in this order, optional keys omitted when absent. */
export function eventRecord(event: SessionEvent): SessionEvent {
  const out: SessionEvent = { id: event.id, seq: event.seq } as SessionEvent;
  if (event.invocationId !== undefined) out.invocationId = event.invocationId;
  out.author = event.author;
  out.content = event.content;
  if (event.stateDelta !== undefined) out.stateDelta = event.stateDelta;
  if (event.metadata !== undefined) out.metadata = event.metadata;
  out.timestamp = event.timestamp;
  return out;
}

/** One event as stored in a session file (no whitespace). */
export function serializeEvent(event: SessionEvent): string {
  return JSON.stringify(eventRecord(event));
}

/** The header of a session file: every field except `events`, in file order. */
export type SessionHeader = Omit<SessionSnapshot, "events">;

/** The header of a session (every field except `events`), in file order. */
export function headerOf(session: SessionSnapshot | SessionHeader): SessionHeader {
  return {
    id: session.id,
    appName: session.appName,
    userId: session.userId,
    status: session.status,
    metadata: session.metadata,
    state: session.state,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    expiredAt: session.expiredAt,
    revision: session.revision,
    lastSeq: session.lastSeq,
  };
}

/** The stored form of a whole session: the header and the events in file order. */
export function snapshotRecord(session: SessionSnapshot): SessionSnapshot {
  return { ...headerOf(session), events: session.events.map(eventRecord) };
}

/**
 * A session file, byte for byte: one line of JSON (UTF-8, no BOM, no whitespace) with the keys
 * id, appName, userId, status, metadata, state, createdAt, updatedAt, expiredAt, revision,
 * lastSeq, events, in that order, then "\n". `events` comes last so that listings can read the
 * header without the events. Pass `eventJson` to reuse already-serialized events.
 */
export function serializeSessionFile(session: SessionSnapshot, eventJson?: string[]): string {
  const head = JSON.stringify(headerOf(session));
  const events = eventJson ?? session.events.map(serializeEvent);
  return `${head.slice(0, -1)},"events":[${events.join(",")}]}\n`;
}

/** An app or user state file: one line of JSON `{key: value}` (keys without prefix), then "\n". */
export function serializeStateFile(state: JsonObject): string {
  return `${JSON.stringify(state)}\n`;
}

/** `<root>/meta.json`: one line of JSON `{name: value}` sorted by name, then "\n". */
export function serializeMetaFile(meta: Map<string, string>): string {
  const names = [...meta.keys()].sort();
  return `{${names.map((n) => `${JSON.stringify(n)}:${meta.get(n)}`).join(",")}}\n`;
}

/** The `id.json` of a hashed app or user directory. */
export function serializeIdFile(id: string): string {
  return `${JSON.stringify({ id })}\n`;
}
