import type { JsonObject, JsonValue, PreparedEvent, SessionEvent } from "@sessionkit/core";

/** The event as stored and returned: the same shape the shared engine builds. */
export function storedEvent(
  e: PreparedEvent,
  id: string,
  seq: number,
  timestamp: number,
): SessionEvent {
  const event: SessionEvent = {
    id,
    seq,
    author: e.author,
    content: JSON.parse(e.contentJson) as JsonValue,
    timestamp,
  };
  if (e.invocationId !== undefined) event.invocationId = e.invocationId;
  if (e.stateDeltaJson !== null) event.stateDelta = JSON.parse(e.stateDeltaJson) as JsonObject;
  if (e.metadataJson !== null) event.metadata = JSON.parse(e.metadataJson) as JsonObject;
  return event;
}
