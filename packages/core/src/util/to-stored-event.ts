import type { JsonObject, JsonValue, SessionEvent } from "../contract/index.js";
import type { PreparedEvent } from "../validation/index.js";

/**
 * The event as stored and returned by every adapter, built from a validated event: its id, seq
 * and timestamp as assigned by the store; content, state delta and metadata parsed from their
 * canonical JSON, so the result shares no object with the caller's input. Optional fields are
 * present only when set. Partial events get `partial: true` from the caller.
 */
export function toStoredEvent(
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
