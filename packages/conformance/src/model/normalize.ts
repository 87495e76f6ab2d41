import type { JsonValue, Session, SessionEvent, SessionSnapshot } from "@sessionkit/core";
import { EVENT_IDS, TIMESTAMPS } from "./operations.js";

const knownIds = new Set<string>(EVENT_IDS);
const knownTimes = new Set<number>(TIMESTAMPS);

/** An event with store-generated ids and store-stamped times replaced by placeholders. */
export function normalizeEvent(event: SessionEvent): JsonValue {
  const { id, timestamp, ...rest } = event;
  return {
    ...(rest as unknown as Record<string, JsonValue>),
    id: knownIds.has(id) ? id : "<generated>",
    timestamp: knownTimes.has(timestamp) ? timestamp : "<now>",
  };
}

/** A session without wall-clock values (createdAt, updatedAt, expiredAt become presence flags). */
export function normalizeSession(session: Session | SessionSnapshot | null): JsonValue {
  if (!session) return null;
  const { createdAt: _c, updatedAt: _u, expiredAt, events, ...rest } = session;
  return {
    ...(rest as unknown as Record<string, JsonValue>),
    expiredAt: expiredAt === null ? null : "<time>",
    events: events === undefined ? "<none>" : events.map(normalizeEvent),
  };
}

/** The outcome of an operation: its normalized value, or the error code it threw. */
export type Outcome = { ok: JsonValue } | { error: string };

export async function outcome(run: () => Promise<JsonValue>): Promise<Outcome> {
  try {
    return { ok: await run() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string") throw error;
    return { error: code };
  }
}
