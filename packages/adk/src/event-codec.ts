import { createEvent, createEventActions, type Event } from "@google/adk";
import type { JsonObject, JsonValue, NewEvent, SessionEvent } from "@sessionkit/core";
import { SessionKitError } from "@sessionkit/core";
import { withoutTempKeys } from "@sessionkit/core/adapter-kit";

/**
 * The marker in a stored event's `metadata` saying that its `content` is a whole ADK `Event`
 * (JSON form), written by this package. Events without it were written by another sessionkit
 * client and are converted into ADK events on read (see {@link toAdkEvent}).
 */
export const ADK_EVENT_FORMAT = "adk-event/1";

/** The `metadata` key holding {@link ADK_EVENT_FORMAT}. */
export const FORMAT_KEY = "format";

/** ADK's own event brand (`Symbol.for("google.adk.event")`), set again on events read back. */
const EVENT_SIGNATURE = Symbol.for("google.adk.event");

/**
 * A value in its JSON form: what `JSON.stringify` keeps (undefined members and symbol keys
 * dropped, Dates as strings) — exactly what ADK's own DatabaseSessionService stores.
 * @throws INVALID_ARGUMENT for a value JSON cannot represent (a cycle, a BigInt).
 */
export function toJson(value: unknown, operation: string, what: string): JsonValue {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : (JSON.parse(text) as JsonValue);
  } catch (cause) {
    throw new SessionKitError({
      adapter: "adk",
      operation,
      code: "INVALID_ARGUMENT",
      problem: `${what} cannot be stored as JSON (${(cause as Error).message})`,
      remedy: "keep session state and event fields to JSON values",
      cause,
    });
  }
}

/**
 * The sessionkit event that stores one ADK event:
 * - `content`: the whole ADK event in JSON form (every field, unknown future fields included,
 *   the exact — possibly fractional — millisecond timestamp);
 * - `id`, `invocationId` (when non-empty), `author` (`"unknown"` when ADK has none);
 * - `stateDelta`: `event.actions.stateDelta` without `temp:` keys (also removed from the stored
 *   copy of the event), which sessionkit applies to the session, `app:`
 *   and `user:` scopes atomically with the event (`temp:` keys are dropped by the store too);
 * - `timestamp`: the ADK timestamp rounded down to whole milliseconds (sessionkit's unit);
 * - `metadata`: `{ format: "adk-event/1" }`.
 */
export function toNewEvent(event: Event, operation: string): NewEvent {
  const payload = toJson(event, operation, `event ${JSON.stringify(event.id)}`) as JsonObject;
  const actions = payload.actions;
  let delta: JsonObject | undefined;
  if (actions && typeof actions === "object" && !Array.isArray(actions)) {
    const raw = actions.stateDelta;
    if (raw && typeof raw === "object" && !Array.isArray(raw)) {
      // `temp:` keys never reach the store, in the event's own copy of the delta either.
      delta = withoutTempKeys(raw);
      actions.stateDelta = delta;
    }
  }
  const stored: NewEvent = {
    author: event.author || "unknown",
    content: payload,
    metadata: { [FORMAT_KEY]: ADK_EVENT_FORMAT },
    timestamp: Math.max(0, Math.floor(event.timestamp)),
  };
  if (event.id) stored.id = event.id;
  if (event.invocationId) stored.invocationId = event.invocationId;
  if (delta && Object.keys(delta).length > 0) {
    stored.stateDelta = delta;
  }
  if (!Number.isFinite(event.timestamp)) stored.timestamp = undefined;
  return stored;
}

/** True when a stored event holds a whole ADK event written by this package. */
export function isAdkPayload(event: SessionEvent): boolean {
  return (
    event.metadata?.[FORMAT_KEY] === ADK_EVENT_FORMAT &&
    typeof event.content === "object" &&
    event.content !== null &&
    !Array.isArray(event.content)
  );
}

/** The exact (possibly fractional) ADK timestamp of a stored event. */
export function adkTimestamp(event: SessionEvent): number {
  if (isAdkPayload(event)) {
    const ts = (event.content as JsonObject).timestamp;
    if (typeof ts === "number") return ts;
  }
  return event.timestamp;
}

function looksLikeGenaiContent(value: JsonValue): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as JsonObject).parts)
  );
}

/**
 * The ADK event a stored event stands for. An event written by this package comes back exactly
 * as it was appended (its JSON form, with ADK's event brand). An event written by another
 * sessionkit client becomes an ADK event: its content as a `Content` when it is one (has
 * `parts`), else as one text part; its state delta as `actions.stateDelta`; its metadata as
 * `customMetadata`.
 */
export function toAdkEvent(stored: SessionEvent): Event {
  if (isAdkPayload(stored)) {
    const event = stored.content as unknown as Event & Record<symbol, unknown>;
    event[EVENT_SIGNATURE] = true;
    return event;
  }
  const content = looksLikeGenaiContent(stored.content)
    ? stored.content
    : {
        role: stored.author === "user" ? "user" : "model",
        parts: [
          {
            text:
              typeof stored.content === "string" ? stored.content : JSON.stringify(stored.content),
          },
        ],
      };
  return createEvent({
    id: stored.id,
    invocationId: stored.invocationId ?? "",
    author: stored.author,
    content: content as Event["content"],
    actions: createEventActions({ stateDelta: { ...(stored.stateDelta ?? {}) } }),
    timestamp: stored.timestamp,
    ...(stored.metadata ? { customMetadata: stored.metadata } : {}),
  });
}
