/**
 * Names of the migrator's own entries in the target's meta table. Everything under
 * RESERVED_PREFIX belongs to the migrator: the phased repository hides these names from its
 * callers and refuses to let them write there.
 */
export const RESERVED_PREFIX = "sessionkit-migrate:";

/** The durable migration record (phase, history, legacy location, finalize progress). */
export const RECORD_NAME = `${RESERVED_PREFIX}record`;

/** The backfill checkpoint, committed in the same transaction as each batch. */
export const BACKFILL_CHECKPOINT_NAME = `${RESERVED_PREFIX}backfill`;

/** The last export (target → legacy layout) result. */
export const EXPORT_RECORD_NAME = `${RESERVED_PREFIX}export`;

/** Drift journal entries: `${DRIFT_PREFIX}<side>:<time>:<random>`. */
export const DRIFT_PREFIX = `${RESERVED_PREFIX}drift:`;

/** Shadow-read mismatches: `${SHADOW_PREFIX}<time>:<random>`. */
export const SHADOW_PREFIX = `${RESERVED_PREFIX}shadow:`;

/** Counters kept by phased repositories (shadow reads compared, mismatched). */
export const SHADOW_STATS_NAME = `${RESERVED_PREFIX}shadow-stats`;

/**
 * Whether `name` is one of the migrator's own meta entries (a string under
 * {@link RESERVED_PREFIX}); false for anything else, non-strings included. Never throws.
 */
export function isReservedMetaName(name: unknown): boolean {
  return typeof name === "string" && name.startsWith(RESERVED_PREFIX);
}

/** A sortable, unique suffix for journal-like entries: zero-padded ms time plus randomness. */
export function uniqueSuffix(now = Date.now()): string {
  return `${String(now).padStart(15, "0")}:${Math.random().toString(36).slice(2, 10)}`;
}
