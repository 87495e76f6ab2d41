import type { ErrorContext } from "../errors/session-kit-error.js";
import { invalidArgument } from "./invalid.js";
import type { Limits } from "./limits.js";
import { type PreparedEvent, prepareEvent } from "./prepare-event.js";
import { assertStateDelta } from "./state-delta.js";

/** Validates the events of appendEvents (`events[i]…` paths); nothing is written on failure. */
export function prepareBatch(events: unknown, limits: Limits, ctx: ErrorContext): PreparedEvent[] {
  if (!Array.isArray(events)) throw invalidArgument(ctx, "events", "must be an array of events");
  return events.map((e, i) => prepareEvent(e, `events[${i}]`, limits, ctx));
}

/** Validates the delta of updateState and prepares the `system` event that records it. */
export function prepareStateUpdate(
  delta: unknown,
  limits: Limits,
  ctx: ErrorContext,
): PreparedEvent {
  assertStateDelta(delta, "delta", limits, ctx);
  return prepareEvent({ author: "system", content: null, stateDelta: delta }, "delta", limits, ctx);
}
