import type { JsonObject, JsonValue } from "../contract/json.js";
import type { NewEvent } from "../contract/session-event.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import {
  isEmptyDelta,
  type ScopedDelta,
  splitStateDelta,
  withoutTempKeys,
} from "../state/scoped-delta.js";
import { assertId } from "./ids.js";
import { invalidArgument } from "./invalid.js";
import { assertJsonObject, copyJsonValue } from "./json-value.js";
import { assertWithinLimit, type Limits } from "./limits.js";
import { assertStateDelta } from "./state-delta.js";

/**
 * A validated event, serialized once, ready for any adapter to store. `content` and
 * `stateDelta` (and so `scoped`) are copies; `metadata` is the caller's object, so store it from
 * its JSON text.
 */
export interface PreparedEvent {
  /** undefined: the adapter generates one. */
  id: string | undefined;
  invocationId: string | undefined;
  author: string;
  /**
   * A validated deep copy of the caller's content (`contentJson` is its serialization). The
   * first stored event built from this event ({@link toStoredEvent}) takes it as its own
   * content; read it, never change it.
   */
  content: JsonValue;
  contentJson: string;
  /** Whether a stored event took `content` already (later ones parse `contentJson`). */
  contentTaken: boolean;
  /** The stored delta (`temp:` keys removed), or undefined when the caller gave none. */
  stateDelta: JsonObject | undefined;
  stateDeltaJson: string | null;
  metadata: JsonObject | undefined;
  metadataJson: string | null;
  /** undefined: the caller gave none; the adapter stamps now (and ignores it for idempotency). */
  timestamp: number | undefined;
  partial: boolean;
  /** The delta split by scope, or null when it changes nothing. */
  scoped: ScopedDelta | null;
}

const EVENT_FIELDS = new Set([
  "id",
  "invocationId",
  "author",
  "content",
  "stateDelta",
  "metadata",
  "timestamp",
  "partial",
  "seq",
]);

/**
 * Validates one event for append and serializes its JSON parts once. Throws INVALID_ARGUMENT or
 * LIMIT naming the path (`events[2].content.x`); has no side effect.
 */
export function prepareEvent(
  input: unknown,
  path: string,
  limits: Limits,
  ctx: ErrorContext,
): PreparedEvent {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw invalidArgument(ctx, path, "must be an event object");
  }
  const event = input as NewEvent & Record<string, unknown>;
  // for…in with hasOwn: the own enumerable keys, without allocating their array per event.
  for (const key in event) {
    if (Object.hasOwn(event, key) && !EVENT_FIELDS.has(key))
      throw invalidArgument(ctx, `${path}.${key}`, "is not an event field");
  }
  if (event.id !== undefined) assertId(event.id, `${path}.id`, ctx);
  if (event.invocationId !== undefined) assertId(event.invocationId, `${path}.invocationId`, ctx);
  assertId(event.author, `${path}.author`, ctx);
  if (!("content" in event) || event.content === undefined) {
    throw invalidArgument(ctx, `${path}.content`, "is undefined; pass null for no content");
  }
  const content = copyJsonValue(event.content, `${path}.content`, ctx);
  if (event.timestamp !== undefined) {
    if (
      typeof event.timestamp !== "number" ||
      !Number.isSafeInteger(event.timestamp) ||
      event.timestamp < 0
    ) {
      throw invalidArgument(
        ctx,
        `${path}.timestamp`,
        "must be a non-negative integer of milliseconds since the epoch",
      );
    }
  }
  if (event.partial !== undefined && typeof event.partial !== "boolean") {
    throw invalidArgument(ctx, `${path}.partial`, "must be a boolean");
  }
  if ("seq" in event && event.seq !== undefined) {
    throw invalidArgument(ctx, `${path}.seq`, "is assigned by the store; do not pass it");
  }
  let stateDelta: JsonObject | undefined;
  let stateDeltaJson: string | null = null;
  let scoped: ScopedDelta | null = null;
  if (event.stateDelta !== undefined) {
    assertStateDelta(event.stateDelta, `${path}.stateDelta`, limits, ctx);
    stateDeltaJson = JSON.stringify(withoutTempKeys(event.stateDelta));
    // A copy, not the caller's object: the caller may change it after the call returns, and
    // the scoped entries end up in stored state.
    stateDelta = JSON.parse(stateDeltaJson) as JsonObject;
    const split = splitStateDelta(stateDelta);
    scoped = isEmptyDelta(split) ? null : split;
  }
  let metadata: JsonObject | undefined;
  if (event.metadata !== undefined) {
    assertJsonObject(event.metadata, `${path}.metadata`, ctx);
    metadata = event.metadata;
  }
  const contentJson = JSON.stringify(content);
  const metadataJson = metadata === undefined ? null : JSON.stringify(metadata);
  const total =
    contentJson.length +
    (stateDeltaJson?.length ?? 0) +
    (metadataJson?.length ?? 0) +
    event.author.length;
  if (total * 3 > limits.maxEventBytes) {
    assertWithinLimit(
      contentJson + (stateDeltaJson ?? "") + (metadataJson ?? "") + event.author,
      limits.maxEventBytes,
      path,
      ctx,
    );
  }
  return {
    id: event.id,
    invocationId: event.invocationId,
    author: event.author,
    content,
    contentJson,
    contentTaken: false,
    stateDelta,
    stateDeltaJson,
    metadata,
    metadataJson,
    timestamp: event.timestamp,
    partial: event.partial === true,
    scoped,
  };
}
