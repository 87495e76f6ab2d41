import type { JsonObject, JsonValue, SessionOperations } from "@sessionkit/core";
import { migrateError } from "./errors.js";
import { RECORD_NAME } from "./meta-names.js";
import { isPhase, type Phase } from "./phase.js";

/** One phase change, as kept in the record's history. */
export interface PhaseChange {
  from: Phase | null;
  to: Phase;
  at: number;
  /** The command that made the change, e.g. "cutover" or "rollback". */
  by: string;
}

/** Progress of `finalize`, persisted so an interrupted finalize resumes. */
export interface FinalizeProgress {
  state: "archiving" | "archived" | "done";
  archivePath: string;
  manifestPath: string;
  startedAt: number;
  files?: number;
  bytes?: number;
  archiveSha256?: string;
}

/**
 * The durable migration record in the target's meta table. Running phased repositories read it
 * every few seconds; the CLI changes it.
 */
export interface MigrationRecord {
  format: "sessionkit-migrate";
  version: 1;
  phase: Phase;
  /** When the current phase was entered (ms). */
  since: number;
  /** Where the legacy data lives, e.g. "json:/srv/sessions" or "module:/abs/source.mjs". */
  legacy: string | null;
  /**
   * In target-primary: whether phased repositories also write the legacy store as a backup.
   * Default true.
   */
  legacyBackupWrites: boolean;
  /**
   * Whether the legacy store is known to hold every write: true after a clean verify at cutover
   * or an export, false once target-primary runs without backup writes.
   */
  legacyComplete: boolean;
  history: PhaseChange[];
  finalize?: FinalizeProgress;
}

/**
 * A fresh record in phase "foundation", entered at `now` (ms since the epoch, default now), with
 * backup writes on, the legacy store complete, and one "init" history entry. Not stored: pass
 * it to {@link writeMigrationRecord}.
 */
export function newMigrationRecord(legacy: string | null, now = Date.now()): MigrationRecord {
  return {
    format: "sessionkit-migrate",
    version: 1,
    phase: "foundation",
    since: now,
    legacy,
    legacyBackupWrites: true,
    legacyComplete: true,
    history: [{ from: null, to: "foundation", at: now, by: "init" }],
  };
}

/** Parses a stored record; CORRUPT when it is not one. */
export function parseMigrationRecord(value: JsonValue | null): MigrationRecord | null {
  if (value === null) return null;
  const v = value as Partial<MigrationRecord>;
  if (
    typeof value !== "object" ||
    Array.isArray(value) ||
    v.format !== "sessionkit-migrate" ||
    !isPhase(v.phase) ||
    typeof v.since !== "number"
  ) {
    throw migrateError(
      "CORRUPT",
      "readMigrationRecord",
      `the meta entry ${RECORD_NAME} is not a migration record`,
      "restore the target database from a backup, or delete the entry and run `sessionkit-migrate init` again",
    );
  }
  if (v.version !== 1) {
    throw migrateError(
      "SCHEMA",
      "readMigrationRecord",
      `the migration record has version ${String(v.version)}; this build knows version 1`,
      "upgrade @sessionkit/migrate",
    );
  }
  return {
    ...(value as unknown as MigrationRecord),
    legacyBackupWrites: v.legacyBackupWrites ?? true,
    legacyComplete: v.legacyComplete ?? true,
    history: v.history ?? [],
  };
}

/** Reads the record from the target; null when the migration was never initialised. */
export async function readMigrationRecord(
  target: SessionOperations,
): Promise<MigrationRecord | null> {
  return parseMigrationRecord(await target.getMeta(RECORD_NAME));
}

/** Reads the record or throws a clear error telling the user to run `init`. */
export async function requireMigrationRecord(target: SessionOperations): Promise<MigrationRecord> {
  const record = await readMigrationRecord(target);
  if (!record) {
    throw migrateError(
      "NOT_FOUND",
      "readMigrationRecord",
      "the target database holds no migration record",
      "run `sessionkit-migrate init --legacy <url> --target <url>` first",
    );
  }
  return record;
}

/**
 * Stores `record` in the target's meta table under `RECORD_NAME`, replacing the previous one
 * whole (one meta write: atomic, last writer wins, no compare-and-swap). Running phased
 * repositories pick it up at their next poll. Errors of the target propagate.
 */
export async function writeMigrationRecord(
  target: SessionOperations,
  record: MigrationRecord,
): Promise<void> {
  await target.setMeta(RECORD_NAME, record as unknown as JsonObject);
}

/** Returns the record moved to `to`, with the change in its history. */
export function withPhase(
  record: MigrationRecord,
  to: Phase,
  by: string,
  now = Date.now(),
): MigrationRecord {
  return {
    ...record,
    phase: to,
    since: now,
    history: [...record.history, { from: record.phase, to, at: now, by }],
  };
}

/**
 * Initialises (or re-uses) the migration record: a convenience for applications and tests.
 * Writes a fresh record in `phase` when none exists; otherwise changes the phase when different.
 */
export async function setMigrationPhase(
  target: SessionOperations,
  phase: Phase,
  options: { legacy?: string | null; by?: string } = {},
): Promise<MigrationRecord> {
  const existing = await readMigrationRecord(target);
  let record = existing ?? newMigrationRecord(options.legacy ?? null);
  if (record.phase !== phase) record = withPhase(record, phase, options.by ?? "setMigrationPhase");
  await writeMigrationRecord(target, record);
  return record;
}
