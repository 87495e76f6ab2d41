import type { SessionEvent } from "../contract/session-event.js";
import type { NormalizedGetOptions } from "../validation/normalize-options.js";

/**
 * The events getSession returns, for adapters that hold a session's events in memory: those
 * after `afterSeq` and at or after `afterTimestamp`, then the last `recentEvents` of them (none
 * for 0), in seq order. `events` is the session's stored events in seq order.
 */
export function selectSessionEvents(
  events: SessionEvent[],
  o: NormalizedGetOptions,
): SessionEvent[] {
  const { afterSeq, afterTimestamp, recentEvents } = o;
  let selected = events;
  if (afterSeq !== undefined) selected = selected.filter((e) => e.seq > afterSeq);
  if (afterTimestamp !== undefined)
    selected = selected.filter((e) => e.timestamp >= afterTimestamp);
  if (recentEvents !== undefined)
    selected = selected.slice(Math.max(0, selected.length - recentEvents));
  return selected;
}
