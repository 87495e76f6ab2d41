import type { SessionEvent } from "../contract/session-event.js";
import type { PreparedEvent } from "../validation/prepare-event.js";
import { canonicalJson } from "./canonical-json.js";

/**
 * Whether re-appending `incoming` over the stored event with the same id is a harmless retry:
 * author, content, stateDelta, metadata and invocationId are equal, and the timestamp too when
 * the caller supplied one.
 */
export function isSameEvent(stored: SessionEvent, incoming: PreparedEvent): boolean {
  return (
    stored.author === incoming.author &&
    stored.invocationId === incoming.invocationId &&
    (incoming.timestamp === undefined || incoming.timestamp === stored.timestamp) &&
    canonicalJson(stored.content) === canonicalJson(incoming.content) &&
    canonicalJson(stored.stateDelta) === canonicalJson(incoming.stateDelta) &&
    canonicalJson(stored.metadata) === canonicalJson(incoming.metadata)
  );
}
