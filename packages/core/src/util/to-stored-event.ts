import type { JsonObject, JsonValue, SessionEvent } from "../contract/index.js";
import type { PreparedEvent } from "../validation/index.js";

/**
 * The event as stored and returned by every adapter, built from a validated event: its id, seq
 * and timestamp as assigned by the store; content, state delta and metadata that share no object
 * with the caller's input: the first event built from `e` takes its validated content copy
 * (`e.content`, no parse), later ones — and the state delta and metadata — parse their
 * canonical JSON. Optional fields are present only when set. Partial events get
 * `partial: true` from the caller.
 */
export function toStoredEvent(
  e: PreparedEvent,
  id: string,
  seq: number,
  timestamp: number,
): SessionEvent {
  // The canonical field order (the legacy JSON layout's): id, seq, invocationId, author,
  // content, stateDelta, metadata, timestamp.
  const event = { id, seq } as SessionEvent;
  if (e.invocationId !== undefined) event.invocationId = e.invocationId;
  event.author = e.author;
  if (e.contentTaken) event.content = JSON.parse(e.contentJson) as JsonValue;
  else {
    e.contentTaken = true;
    event.content = e.content;
  }
  if (e.stateDeltaJson !== null) event.stateDelta = JSON.parse(e.stateDeltaJson) as JsonObject;
  if (e.metadataJson !== null) event.metadata = JSON.parse(e.metadataJson) as JsonObject;
  event.timestamp = timestamp;
  return event;
}
