import { isSessionKitError, type SessionKey, type SessionRepository } from "@sessionkit/core";
import { keyString } from "./keys.js";
import type { MirrorRoute } from "./mirror.js";
import type { Phase } from "./phase.js";
import type { PhaseView } from "./phase-watcher.js";

/** Where one call of a phased repository goes in the phase now in force. */
export interface Route {
  view: PhaseView;
  phase: Phase;
  /** The store that runs the call and decides its outcome. */
  primary: SessionRepository;
  /** Where the primary's changes are copied; null when nothing is copied in this phase. */
  mirror: MirrorRoute | null;
}

/**
 * The route of every call in the phase `view` records: legacy leads until target-primary; the
 * target is mirrored in dual-write, legacy in target-primary while the record asks for backup
 * writes.
 */
export function phaseRoute(
  view: PhaseView,
  legacy: SessionRepository,
  target: SessionRepository,
): Route {
  const phase = view.record.phase;
  switch (phase) {
    case "foundation":
      return { view, phase, primary: legacy, mirror: null };
    case "dual-write":
      return {
        view,
        phase,
        primary: legacy,
        mirror: { primary: legacy, secondary: target, side: "target" },
      };
    case "target-primary":
      return {
        view,
        phase,
        primary: target,
        mirror: view.record.legacyBackupWrites
          ? { primary: target, secondary: legacy, side: "legacy" }
          : null,
      };
    case "target-only":
      return { view, phase, primary: target, mirror: null };
  }
}

/** What decides whether a failed target-primary read may be answered from legacy. */
export interface FallbackPolicy {
  /** Error codes that mean "the target is unavailable". */
  codes: ReadonlySet<string>;
  /** Keys whose legacy copy failed in this process; `"*"` when a scope or global copy failed. */
  failedLegacyKeys: ReadonlySet<string>;
}

/**
 * True when a target-primary read that failed with `error` may be answered from legacy: the
 * target is unavailable (an error code in `policy.codes`) and the legacy copy is known complete
 * (backfilled, backup writes on, no journaled legacy failure, none in this process for `key` or,
 * without a key, for any session).
 */
export function mayFallBack(
  view: PhaseView,
  policy: FallbackPolicy,
  error: unknown,
  key: SessionKey | undefined,
): boolean {
  if (!isSessionKitError(error) || !policy.codes.has(error.code)) return false;
  const { record, legacyDriftPending } = view;
  if (!record.legacyComplete || !record.legacyBackupWrites || legacyDriftPending) return false;
  const failed = policy.failedLegacyKeys;
  if (failed.has("*")) return false;
  if (key) return !failed.has(keyString(key));
  return failed.size === 0;
}
