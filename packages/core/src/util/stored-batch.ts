import type { SessionEvent } from "../contract/session-event.js";
import type { PreparedEvent } from "../validation/prepare-event.js";
import { generateId } from "./generate-id.js";
import { toStoredEvent } from "./to-stored-event.js";

/**
 * The events an append returns, in batch order, for adapters that plan it in memory with
 * `planAppend` (whose result is `existing`): a repeated event as stored; a partial event with
 * `partial: true` at the current last seq (it is not stored); a new event at the next seq. Ids
 * and timestamps the caller left out are assigned here (`now`). The caller stores the new ones:
 * those with no `existing` entry and no `partial` flag.
 */
export function storedBatch(
  events: PreparedEvent[],
  existing: Array<SessionEvent | null>,
  lastSeq: number,
  now: number,
): SessionEvent[] {
  let seq = lastSeq;
  return events.map((e, i) => {
    const found = existing[i];
    if (found) return found;
    if (e.partial) {
      const partial = toStoredEvent(e, e.id ?? generateId(), seq, e.timestamp ?? now);
      partial.partial = true;
      return partial;
    }
    seq += 1;
    return toStoredEvent(e, e.id ?? generateId(), seq, e.timestamp ?? now);
  });
}
