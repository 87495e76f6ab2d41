import type { JsonObject } from "../contract/json.js";
import { APP_PREFIX, USER_PREFIX } from "./scoped-delta.js";

/**
 * The merged view of a session's state: session keys, then `app:`-prefixed app keys, then
 * `user:`-prefixed user keys. Prototype-safe (built with Object.fromEntries).
 */
export function mergeState(session: JsonObject, app: JsonObject, user: JsonObject): JsonObject {
  const entries = Object.entries(session);
  for (const [key, value] of Object.entries(app)) entries.push([APP_PREFIX + key, value]);
  for (const [key, value] of Object.entries(user)) entries.push([USER_PREFIX + key, value]);
  return Object.fromEntries(entries);
}
