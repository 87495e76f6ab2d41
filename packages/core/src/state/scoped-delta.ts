import type { JsonObject, JsonValue } from "../contract/json.js";

/** State keys with this prefix belong to the app: shared by every user of `appName`. */
export const APP_PREFIX = "app:";
/** State keys with this prefix belong to the user: shared by every session of the user. */
export const USER_PREFIX = "user:";
/** State keys with this prefix are never persisted. */
export const TEMP_PREFIX = "temp:";

/** A state delta split by scope. App and user keys lose their prefix. `null` values mean delete. */
export interface ScopedDelta {
  session: Array<[string, JsonValue]>;
  app: Array<[string, JsonValue]>;
  user: Array<[string, JsonValue]>;
}

/** Splits a delta by key prefix and drops `temp:` keys, keeping the caller's key order. */
export function splitStateDelta(delta: JsonObject): ScopedDelta {
  const out: ScopedDelta = { session: [], app: [], user: [] };
  for (const key of Object.keys(delta)) {
    const value = delta[key] as JsonValue;
    if (key.startsWith(TEMP_PREFIX)) continue;
    if (key.startsWith(APP_PREFIX)) out.app.push([key.slice(APP_PREFIX.length), value]);
    else if (key.startsWith(USER_PREFIX)) out.user.push([key.slice(USER_PREFIX.length), value]);
    else out.session.push([key, value]);
  }
  return out;
}

/** The delta without its `temp:` keys: what an event stores. Prototype-safe. */
export function withoutTempKeys(delta: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(delta).filter(([key]) => !key.startsWith(TEMP_PREFIX)));
}

/** True when the split delta changes nothing. */
export function isEmptyDelta(delta: ScopedDelta): boolean {
  return delta.session.length === 0 && delta.app.length === 0 && delta.user.length === 0;
}
