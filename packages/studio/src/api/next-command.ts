import type { BackfillCheckpoint, MigrationRecord, VerifyReport } from "@sessionkit/migrate";

/** The next safe step of a phased migration, as `sessionkit-migrate` would have it. */
export interface NextStep {
  /** The command to run, or null when the migration is complete. */
  command: string | null;
  /** Why this is the next step. */
  reason: string;
}

/** What the next step depends on. */
export interface MigrationFacts {
  record: MigrationRecord | null;
  checkpoint: BackfillCheckpoint | null;
  drift: { target: number; legacy: number };
  /** The last verify run in this studio, if any. */
  verify: VerifyReport | null;
}

/**
 * The next safe command, following the gates `sessionkit-migrate cutover` and `finalize`
 * enforce: backfill done, drift journal empty and verify clean before target-primary; the
 * legacy side's drift repaired before finalize.
 */
export function nextSafeStep({ record, checkpoint, drift, verify }: MigrationFacts): NextStep {
  if (record === null) {
    return {
      command: "sessionkit-migrate init --legacy <url> --target <url>",
      reason: "this store holds no migration record",
    };
  }
  switch (record.phase) {
    case "foundation":
      return {
        command: "sessionkit-migrate cutover",
        reason:
          "deploy createPhasedRepository in every application process first; cutover then starts dual writes",
      };
    case "dual-write":
      if (drift.target > 0) {
        return {
          command: "sessionkit-migrate repair",
          reason: `${drift.target} writes reached legacy but not the target (drift journal)`,
        };
      }
      if (checkpoint === null || !checkpoint.done) {
        return {
          command: "sessionkit-migrate backfill",
          reason: checkpoint
            ? "the backfill has not completed; running it again resumes from its checkpoint"
            : "the existing sessions have not been copied yet",
        };
      }
      if (verify !== null && !verify.ok) {
        return {
          command: "sessionkit-migrate repair",
          reason: `the last verify found ${verify.totals.mismatched} mismatched sessions and ${verify.scopeMismatches.length} mismatched scopes`,
        };
      }
      return {
        command: "sessionkit-migrate cutover",
        reason:
          "backfill done and no drift: cutover verifies both stores, then makes the target primary",
      };
    case "target-primary":
      if (drift.legacy > 0) {
        return {
          command: "sessionkit-migrate repair",
          reason: `${drift.legacy} backup writes did not reach the legacy store (drift journal)`,
        };
      }
      return {
        command: "sessionkit-migrate finalize",
        reason:
          "the target is primary and the legacy copy is current: finalize archives and retires the legacy store (rollback stays possible until then)",
      };
    case "target-only":
      if (record.finalize && record.finalize.state !== "done") {
        return {
          command: "sessionkit-migrate finalize",
          reason: `finalize stopped while ${record.finalize.state}; running it again resumes`,
        };
      }
      return { command: null, reason: "the migration is complete; the legacy store is retired" };
  }
}
