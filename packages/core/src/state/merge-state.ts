import type { JsonObject, JsonValue } from "../contract/json.js";
import { APP_PREFIX, USER_PREFIX } from "./scoped-delta.js";

/** The scoped part of a merged state view: the `app:` then `user:` entries, keys prefixed. */
export type ScopedEntries = ReadonlyArray<readonly [string, JsonValue]>;

/**
 * The `app:`-prefixed app keys, then the `user:`-prefixed user keys, of a merged state view:
 * compute once, then {@link mergeScopedInto} many sessions of the same user.
 */
export function scopedEntries(app: JsonObject, user: JsonObject): ScopedEntries {
  const entries: Array<[string, JsonValue]> = [];
  for (const key in app)
    if (Object.hasOwn(app, key)) entries.push([APP_PREFIX + key, app[key] as JsonValue]);
  for (const key in user)
    if (Object.hasOwn(user, key)) entries.push([USER_PREFIX + key, user[key] as JsonValue]);
  return entries;
}

/**
 * {@link mergeState} in place, for a session state object the caller owns (just parsed from
 * storage): the scoped entries are added to `session`, which is returned. Prototype-safe: every
 * key it sets has a prefix, so none is `__proto__`. The same keys, values and order as
 * `mergeState`.
 */
export function mergeScopedInto(session: JsonObject, scoped: ScopedEntries): JsonObject {
  for (const [key, value] of scoped) session[key] = value;
  return session;
}

/**
 * The merged view of a session's state: session keys, then `app:`-prefixed app keys, then
 * `user:`-prefixed user keys. A new object (the session's own entries copied with
 * Object.fromEntries: prototype-safe); the scoped values are shared, not copied.
 */
export function mergeState(session: JsonObject, app: JsonObject, user: JsonObject): JsonObject {
  return mergeScopedInto(
    Object.fromEntries(Object.entries(session)) as JsonObject,
    scopedEntries(app, user),
  );
}
