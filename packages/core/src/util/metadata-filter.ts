import type { JsonObject, JsonValue } from "../contract/json.js";
import { canonicalJson } from "./canonical-json.js";

/**
 * A predicate for listSessions' `metadata` filter: every listed top-level key must be present
 * and deep-equal (canonical JSON) in the session's metadata. No filter matches everything.
 */
export function metadataMatcher(filter: JsonObject | undefined): (metadata: JsonObject) => boolean {
  if (!filter) return () => true;
  const wanted = Object.entries(filter).map(([k, v]) => [k, canonicalJson(v)] as const);
  return (metadata) =>
    wanted.every(
      ([k, v]) => Object.hasOwn(metadata, k) && canonicalJson(metadata[k] as JsonValue) === v,
    );
}
