import { all, get, run, type SqlWork, script } from "../driver/sql-work.js";
import { migrationChecksum } from "./checksum.js";
import { FULL_TEXT_INSERT_TRIGGER } from "./full-text.js";
import { migrations, SCHEMA_VERSION } from "./migrations.js";
import { type SchemaContext, schemaError } from "./schema-errors.js";

/** What `inspectSchema` found. */
export interface SchemaState {
  /** "current": nothing to do; "fresh": empty database; "behind": older sessionkit schema. */
  status: "current" | "fresh" | "behind";
  appliedVersion: number;
  /** Whether full-text indexing is on (its triggers exist). */
  fullText: boolean;
  /**
   * Whether events inserted by a non-sessionkit writer wait to be re-tokenized into the index
   * (`setFullText(true)` does it); always false below schema version 3.
   */
  searchPending: boolean;
}

/** One row of `sessionkit_migrations` as `verifyApplied` checks it. */
export interface AppliedMigration {
  /** Migration version, 1-based and gapless. */
  version: number;
  /** The checksum recorded when it was applied (see `migrationChecksum`). */
  checksum: string;
}

const WARM_READ_BEFORE_V3 = `SELECT
  (SELECT json_group_array(json_array(version, checksum)) FROM sessionkit_migrations) AS applied,
  EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = '${FULL_TEXT_INSERT_TRIGGER}') AS full_text,
  0 AS pending`;
const WARM_READ = WARM_READ_BEFORE_V3.replace(
  "0 AS pending",
  "EXISTS (SELECT 1 FROM events_search_pending) AS pending",
);

const FOREIGN_OBJECTS = `SELECT count(*) AS n,
  EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sessionkit_migrations') AS ours
FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS sessionkit_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

const READ_APPLIED = "SELECT version, checksum FROM sessionkit_migrations ORDER BY version";
const RECORD_MIGRATION =
  "INSERT INTO sessionkit_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)";

function isMissingTable(error: unknown): boolean {
  return error instanceof Error && /no such table/i.test(error.message);
}

/**
 * Checks recorded migrations (ascending version) against the ones this package knows and
 * returns the applied schema version (0 when none).
 * @throws SCHEMA when the database is newer, a migration is unknown, missing or edited.
 */
export function verifyApplied(applied: readonly AppliedMigration[], ctx: SchemaContext): number {
  let version = 0;
  for (const row of applied) {
    if (row.version > SCHEMA_VERSION) {
      const newest = applied.reduce((max, r) => Math.max(max, r.version), 0);
      throw schemaError(
        ctx,
        `the database schema is version ${newest}, newer than this package's version ${SCHEMA_VERSION}`,
        "upgrade @sessionkit packages to a version that knows this schema; the file was not modified",
      );
    }
    const known = migrations[row.version - 1];
    if (!known || row.version !== version + 1) {
      throw schemaError(
        ctx,
        `recorded migration ${row.version} does not follow version ${version}; the migration history is damaged`,
        "restore the file from a backup; it was not modified",
      );
    }
    const expected = migrationChecksum(known);
    if (row.checksum !== expected) {
      throw schemaError(
        ctx,
        `applied migration ${row.version} ("${known.name}") has checksum ${row.checksum.slice(0, 12)}…, but this package's migration has ${expected.slice(0, 12)}…; the migration was edited`,
        "use the package version that created this database, or restore it from a backup",
      );
    }
    version = row.version;
  }
  return version;
}

/**
 * The warm-open check: ONE read returns the applied migrations and the full-text state. Only
 * when the migrations table is missing does it look further, to tell an empty database from a
 * foreign one. Never writes.
 * @throws SCHEMA for a foreign (non-sessionkit) database or an incompatible history.
 */
export function* inspectSchema(ctx: SchemaContext): SqlWork<SchemaState> {
  return yield* inspect(ctx, 2);
}

function* inspect(ctx: SchemaContext, again: number): SqlWork<SchemaState> {
  let row: { applied: string | null; full_text: number; pending: number } | undefined;
  try {
    row = yield* warmRead();
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    const foreign = yield* get<{ n: number; ours: number }>(FOREIGN_OBJECTS, []);
    // Another process created the schema between the two reads (they are separate snapshots):
    // read again rather than call the file foreign.
    if (foreign && Number(foreign.ours) === 1 && again > 0) return yield* inspect(ctx, again - 1);
    if (foreign && foreign.n > 0) {
      throw schemaError(
        ctx,
        `is not a sessionkit database: it has ${foreign.n} tables or indexes of another application and no sessionkit_migrations table`,
        "point sessionkit at a new file or at a sessionkit database; this file was not modified",
      );
    }
    return { status: "fresh", appliedVersion: 0, fullText: false, searchPending: false };
  }
  const applied = (JSON.parse(row?.applied ?? "[]") as Array<[number, string]>).map(
    ([version, checksum]) => ({ version, checksum }),
  );
  applied.sort((a, b) => a.version - b.version);
  const appliedVersion = verifyApplied(applied, ctx);
  return {
    status:
      appliedVersion === SCHEMA_VERSION ? "current" : appliedVersion === 0 ? "fresh" : "behind",
    appliedVersion,
    fullText: Number(row?.full_text) === 1,
    searchPending: Number(row?.pending) === 1,
  };
}

/** The warm read; below schema version 3 (no `events_search_pending`) without the pending flag. */
function* warmRead(): SqlWork<
  { applied: string | null; full_text: number; pending: number } | undefined
> {
  try {
    return yield* get(WARM_READ, []);
  } catch (error) {
    if (!(error instanceof Error && /events_search_pending/.test(error.message))) throw error;
    return yield* get(WARM_READ_BEFORE_V3, []);
  }
}

/**
 * Applies every missing migration. Run it inside ONE write transaction (`inWriteTransaction`):
 * it re-reads the history under the write lock, so two processes opening a fresh file at once
 * both succeed (the second finds the work done). Returns the schema version.
 */
export function* migrateSchema(ctx: SchemaContext, now: number): SqlWork<number> {
  yield* script(CREATE_MIGRATIONS_TABLE);
  const applied = yield* all<AppliedMigration>(READ_APPLIED, []);
  const from = verifyApplied(applied, ctx);
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    const before = migration.inspect ? yield* get<{ answer: number }>(migration.inspect, []) : null;
    yield* script(migration.sql);
    if (migration.data) yield* migration.data(Number(before?.answer) === 1);
    yield* run(RECORD_MIGRATION, [
      migration.version,
      migration.name,
      migrationChecksum(migration),
      now,
    ]);
  }
  return SCHEMA_VERSION;
}
