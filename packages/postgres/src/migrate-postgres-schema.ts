import { migrationChecksum, type SchemaContext, schemaError } from "@sessionkit/sql";
import type pg from "pg";
import { type PostgresMigration, postgresMigrations } from "./schema-migrations.js";

/** One migration as recorded in `sessionkit_migrations`. */
export interface AppliedPostgresMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: number;
}

/** What {@link migratePostgresSchema} did. */
export interface PostgresMigrationReport {
  /** Versions applied by this call (empty when the schema was current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/** `"name"` as a PostgreSQL identifier (the schema name is checked by the options already). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Brings `schema` to the newest version, under a transaction-scoped advisory lock keyed by the
 * schema name, in ONE transaction: several hosts starting at once migrate once (the others wait
 * for the lock, then find nothing to do), and a migration that fails leaves nothing behind
 * (PostgreSQL's DDL is transactional). Creates the schema when it does not exist.
 * @throws SCHEMA when an applied migration's checksum differs from this package's (the schema
 * was edited by hand or by another version) or the schema is newer than this package knows.
 */
export async function migratePostgresSchema(
  client: pg.ClientBase,
  schema: string,
  context: SchemaContext,
  migrations: readonly PostgresMigration[] = postgresMigrations,
): Promise<PostgresMigrationReport> {
  const applied: number[] = [];
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `sessionkit:${schema}`,
    ]);
    const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS sessionkit_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`);
    const recorded = await readApplied(client);
    verifyRecorded(recorded, migrations, context);
    for (const m of migrations) {
      if (recorded.some((r) => r.version === m.version)) continue;
      await client.query(m.sql);
      await client.query(
        "INSERT INTO sessionkit_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        [m.version, m.name, migrationChecksum(m), Date.now()],
      );
      applied.push(m.version);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  return { applied, version: migrations.length };
}

/** The migrations recorded in the current search_path's `sessionkit_migrations`, by version. */
export async function readApplied(client: pg.ClientBase): Promise<AppliedPostgresMigration[]> {
  const rows = await client.query<{
    version: number;
    name: string;
    checksum: string;
    applied_at: string | number;
  }>("SELECT version, name, checksum, applied_at FROM sessionkit_migrations ORDER BY version");
  return rows.rows.map((r) => ({
    version: Number(r.version),
    name: r.name,
    checksum: r.checksum,
    appliedAt: Number(r.applied_at),
  }));
}

function verifyRecorded(
  recorded: readonly AppliedPostgresMigration[],
  migrations: readonly PostgresMigration[],
  context: SchemaContext,
): void {
  for (const r of recorded) {
    const known = migrations[r.version - 1];
    if (!known) {
      throw schemaError(
        context,
        `the schema is at version ${r.version}, newer than this package knows (${migrations.length})`,
        "upgrade @sessionkit/postgres to the version that wrote it",
      );
    }
    if (migrationChecksum(known) !== r.checksum) {
      throw schemaError(
        context,
        `applied migration ${r.version} (${r.name}) has checksum ${r.checksum.slice(0, 12)}…, this package's is ${migrationChecksum(known).slice(0, 12)}…: the schema was changed outside sessionkit or by another build`,
        "restore the schema from a backup (pg_dump) or open it with the package version that migrated it",
      );
    }
  }
}
