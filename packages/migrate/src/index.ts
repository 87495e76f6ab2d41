export {
  type BackfillCheckpoint,
  type BackfillOptions,
  type BackfillProblem,
  type BackfillProgress,
  type BackfillResult,
  backfill,
  readBackfillCheckpoint,
} from "./backfill.js";
export {
  appendDrift,
  appendLocalDrift,
  countDrift,
  type DriftEntry,
  type DriftSide,
  readDrift,
  readLocalDrift,
  type StoredDriftEntry,
} from "./drift-journal.js";
export { MIGRATE_ADAPTER, PHASED_ADAPTER } from "./errors.js";
export { type ExportOptions, type ExportResult, exportToLegacy } from "./export.js";
export { describeSessionKey, keyOf, keyString } from "./keys.js";
export {
  BACKFILL_CHECKPOINT_NAME,
  DRIFT_PREFIX,
  EXPORT_RECORD_NAME,
  isReservedMetaName,
  RECORD_NAME,
  RESERVED_PREFIX,
  SHADOW_PREFIX,
} from "./meta-names.js";
export {
  type FinalizeProgress,
  type MigrationRecord,
  newMigrationRecord,
  type PhaseChange,
  readMigrationRecord,
  requireMigrationRecord,
  setMigrationPhase,
  withPhase,
  writeMigrationRecord,
} from "./migration-record.js";
export { copyScope, copySession, listAppNames } from "./mirror.js";
export { isPhase, nextPhase, PHASES, type Phase, previousPhase } from "./phase.js";
export type { PhasedRepositoryOptions, PhasedRepositoryStatus } from "./phased-options.js";
export { createPhasedRepository, PhasedRepository } from "./phased-repository.js";
export {
  copyStable,
  type RepairOptions,
  type RepairResult,
  repair,
  type TruthReader,
} from "./repair.js";
export { canonicalSnapshot, firstDifference, jsonHash, snapshotHash } from "./session-hash.js";
export {
  loadSourceModule,
  orderedSessions,
  readScopeState,
  repositorySource,
  type ScopedState,
  type SessionSource,
  type SessionsOptions,
  scanScopes,
  scanSnapshots,
  type UnreadableHandler,
} from "./session-source.js";
export {
  readShadowMismatches,
  type ShadowMismatchList,
  type StoredShadowMismatch,
  shadowMismatchSubject,
} from "./shadow-journal.js";
export type { ShadowMismatch, ShadowStats } from "./shadow-reads.js";
export { sleep, Throttle } from "./throttle.js";
export {
  type Counts,
  compareOne,
  type MismatchKind,
  type ScopeMismatch,
  type SessionMismatch,
  type SideSummary,
  type UserCounts,
  type VerifyOptions,
  type VerifyReport,
  verify,
} from "./verify.js";
export { formatVerifyReport } from "./verify-format.js";
