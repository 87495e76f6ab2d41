import type { ServiceKind } from "./services.js";

/**
 * The intentional (or ADK-internal) differences between the implementations, by name. A
 * checklist item that differs asserts each implementation's own result through
 * {@link expected}, naming the divergence, so a change on either side fails the test.
 */
export const divergences = {
  /** ADK's InMemorySessionService keeps events at exactly `afterTimestamp` (≥); the others (>). */
  inMemoryAfterTimestampInclusive: "adk-memory keeps events at exactly afterTimestamp",
  /** ADK's DatabaseSessionService returns events sorted by timestamp; sessionkit in append (seq) order. */
  databaseSortsEventsByTimestamp: "adk-database re-sorts events by timestamp",
  /** ADK's InMemorySessionService lists sessions with empty state; the others with the merged state. */
  inMemoryListsWithoutState: "adk-memory lists sessions with state {}",
  /** sessionkit stores a `null` state value as a deletion (key absent); ADK keeps the key with null. */
  nullDeletesStateKey: "sessionkit: a null state value deletes the key",
  /** Duplicate session ids: sessionkit throws SessionKitError ALREADY_EXISTS; ADK a plain Error. */
  duplicateIdErrorType: "sessionkit throws a typed ALREADY_EXISTS error",
  /** ADK's InMemorySessionService keeps `app:`/`user:` keys of a created session's state in the session. */
  inMemoryCreateStateNotScoped: "adk-memory does not scope createSession's initial state",
  /** ADK's InMemorySessionService overwrites a session created again with a taken id. */
  inMemoryDuplicateIdOverwrites: "adk-memory overwrites a session created with a taken id",
  /**
   * sessionkit lists sessions by its own time of the last write (`updatedAt`, which is the
   * listed `lastUpdateTime`); ADK by the last event's timestamp. Equal for events stamped when
   * appended (every Runner event); a client clock cannot reorder sessionkit's listing.
   */
  listOrderUsesStoreClock: "sessionkit lists by the store's time of the last write",
} as const;

/** The name of one divergence. */
export type DivergenceName = keyof typeof divergences;

/**
 * The value one implementation is expected to produce for a checklist item that diverges:
 * `values[kind]` when given, else `values.default`.
 */
export function expected<T>(
  _divergence: DivergenceName,
  kind: ServiceKind,
  values: Partial<Record<ServiceKind, T>> & { default: T },
): T {
  return kind in values ? (values[kind] as T) : values.default;
}
