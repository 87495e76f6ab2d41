import type { IntegrityProblem, JsonValue } from "@sessionkit/core";
import { searchIndexText } from "@sessionkit/core/adapter-kit";
import { migrationChecksum } from "@sessionkit/sql";
import type pg from "pg";
import { readApplied } from "./migrate-postgres-schema.js";
import { postgresMigrations } from "./schema-migrations.js";

/** The store's tables, for VACUUM/ANALYZE and sizes. */
export const STORE_TABLES = [
  "sessions",
  "events",
  "app_state",
  "user_state",
  "sessionkit_meta",
  "partial_events",
] as const;

/** Every index the schema creates (named or implied by a constraint), checked by `checkIntegrity`. */
export const EXPECTED_INDEXES = [
  "sessions_pkey",
  "sessions_app_name_user_id_session_id_key",
  "sessions_by_app_updated",
  "sessions_by_user_updated",
  "sessions_by_app_created",
  "sessions_by_app_id",
  "sessions_active_by_updated",
  "sessions_expired_by_time",
  "events_pkey",
  "events_session_pk_seq_key",
  "events_session_pk_event_id_key",
  "events_search_terms",
  "events_unindexed",
  "app_state_pkey",
  "user_state_pkey",
  "sessionkit_meta_pkey",
  "partial_events_pkey",
  "partial_events_by_session",
  "partial_events_by_time",
] as const;

/** Bytes of the store's tables with their indexes and TOAST (the store's share of the database). */
export async function storeBytes(client: pg.ClientBase): Promise<number> {
  const r = await client.query<{ bytes: number }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class AS c
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`,
  );
  return Number(r.rows[0]?.bytes ?? 0);
}

/**
 * Structural checks of a store on PostgreSQL (the server guarantees page-level integrity):
 * every expected index present and valid, the foreign keys from events and partial events to
 * sessions present, every applied migration's checksum this package's.
 */
export async function checkStructure(
  client: pg.ClientBase,
  schema: string,
): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  const indexes = await client.query<{ name: string; valid: boolean }>(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index AS i
JOIN pg_class AS c ON c.oid = i.indexrelid
WHERE c.relnamespace = current_schema()::regnamespace`,
  );
  const found = new Map(indexes.rows.map((r) => [r.name, r.valid]));
  for (const name of EXPECTED_INDEXES) {
    const valid = found.get(name);
    if (valid === undefined) {
      problems.push({
        kind: "index-missing",
        message: `index ${name} is missing: reads and appends degrade to scans`,
        subject: `${schema}.${name}`,
      });
    } else if (!valid) {
      problems.push({
        kind: "index-invalid",
        message: `index ${name} is invalid (a failed CREATE INDEX CONCURRENTLY?): REINDEX it`,
        subject: `${schema}.${name}`,
      });
    }
  }
  const fks = await client.query<{ table: string }>(
    `SELECT conrelid::regclass::text AS table FROM pg_constraint
WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
  );
  const tables = new Set(fks.rows.map((r) => r.table.replace(/^.*\./, "")));
  for (const table of ["events", "partial_events"]) {
    if (!tables.has(table)) {
      problems.push({
        kind: "foreign-key",
        message: `the foreign key from ${table} to sessions is missing: rows may be orphaned`,
        subject: `${schema}.${table}`,
      });
    }
  }
  const orphans = await client.query<{ n: number }>(
    "SELECT count(*) AS n FROM events AS e WHERE NOT EXISTS (SELECT 1 FROM sessions AS s WHERE s.pk = e.session_pk)",
  );
  const n = Number(orphans.rows[0]?.n ?? 0);
  if (n > 0)
    problems.push({
      kind: "orphan-events",
      message: `${n} events belong to no session`,
      subject: `${schema}.events`,
    });
  for (const applied of await readApplied(client)) {
    const known = postgresMigrations[applied.version - 1];
    if (!known || migrationChecksum(known) !== applied.checksum) {
      problems.push({
        kind: "migration",
        message: `applied migration ${applied.version} (${applied.name}) is not this package's (checksum differs or unknown version)`,
        subject: `${schema}.sessionkit_migrations`,
      });
    }
  }
  return problems;
}

/**
 * Writes the search terms of events stored without them (rows another tool inserted), 500 per
 * statement, and returns how many it indexed. The adapter's own inserts always carry them.
 */
export async function indexUnindexedEvents(client: pg.ClientBase): Promise<number> {
  let indexed = 0;
  for (;;) {
    const rows = await client.query<{ id: number; content: string }>(
      "SELECT id, content FROM events WHERE search_text IS NULL ORDER BY id LIMIT 500",
    );
    if (rows.rows.length === 0) return indexed;
    const ids = rows.rows.map((r) => r.id);
    const texts = rows.rows.map((r) => {
      try {
        return searchIndexText(JSON.parse(r.content) as JsonValue);
      } catch {
        return ""; // content that is not JSON holds no searchable text
      }
    });
    await client.query(
      "UPDATE events AS e SET search_text = u.t FROM unnest($1::bigint[], $2::text[]) AS u(id, t) WHERE e.id = u.id",
      [ids, texts],
    );
    indexed += ids.length;
  }
}

/** How many events wait for their search terms (written by another tool). */
export async function countUnindexedEvents(client: pg.ClientBase): Promise<number> {
  const r = await client.query<{ n: number }>(
    "SELECT count(*) AS n FROM events WHERE search_text IS NULL",
  );
  return Number(r.rows[0]?.n ?? 0);
}
