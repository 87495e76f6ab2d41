import type { JsonObject } from "../contract/json.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { childPath, invalidArgument } from "./invalid.js";
import { assertJsonObject } from "./json-value.js";
import { assertWithinLimit, type Limits } from "./limits.js";

/**
 * Validates a state delta or initial state: a JSON object with non-empty keys whose values each
 * fit `maxStateValueBytes`. `null` values are allowed (they delete).
 */
export function assertStateDelta(
  delta: unknown,
  path: string,
  limits: Limits,
  ctx: ErrorContext,
): asserts delta is JsonObject {
  assertJsonObject(delta, path, ctx);
  const limit = limits.maxStateValueBytes;
  for (const key of Object.keys(delta)) {
    if (key.length === 0) throw invalidArgument(ctx, childPath(path, key), "is an empty state key");
    const value = delta[key];
    if (value !== null && value !== undefined && typeof value === "object") {
      const json = JSON.stringify(value);
      if (json.length * 3 > limit) assertWithinLimit(json, limit, childPath(path, key), ctx);
    } else if (typeof value === "string" && value.length * 3 > limit) {
      assertWithinLimit(value, limit, childPath(path, key), ctx);
    }
  }
}
