import type { ErrorContext } from "@sessionkit/core";
import { redactUrl } from "@sessionkit/core/adapter-kit";
import type { SqlRepositoryHost } from "@sessionkit/sql";
import { postgresCapabilities } from "./capabilities.js";
import { convertPgError, isRetryablePgError } from "./convert-pg-error.js";
import { dumpSchema } from "./dump-schema.js";
import { type PostgresRepositoryOptions, resolvePostgresOptions } from "./options.js";
import { PgAppendGroup } from "./pg-append-group.js";
import { PgConnection } from "./pg-connection.js";
import { storeBytes } from "./postgres-maintenance.js";
import { PostgresRepository } from "./postgres-repository.js";

const ADAPTER = "postgres";

/**
 * A SessionRepository on PostgreSQL. Returns at once: the pool connects, and the schema is
 * created and migrated, on first use (use {@link openFromUrl} to connect and migrate before
 * returning). Close it to end the pool.
 * @throws INVALID_ARGUMENT for a bad option (nothing is opened).
 */
export function createPostgresRepository(
  options: PostgresRepositoryOptions = {},
): PostgresRepository {
  const ctx: ErrorContext = {
    adapter: ADAPTER,
    operation: "open",
    subject: typeof options?.url === "string" ? redactUrl(options.url) : "postgres",
  };
  const o = resolvePostgresOptions(options, ctx);
  const where = o.url === undefined ? "postgres (from PG* environment)" : redactUrl(o.url);
  const location = `${where} schema ${o.schema}`;
  const connection = new PgConnection(o, location, ADAPTER);
  const host: SqlRepositoryHost = {
    adapter: ADAPTER,
    location,
    capabilities: postgresCapabilities,
    limits: o.limits,
    retry: o.retry,
    // Several shared transactions at once, on half the pool: the rest stays free for reads.
    groupCommit: o.groupCommit ? { maxInFlight: Math.max(1, Math.floor(o.max / 2)) } : false,
    // A group is written set-based: a handful of statements whatever its size.
    ...(o.groupCommit ? { appendGroup: new PgAppendGroup(connection) } : {}),
    connection,
    async fileSizes() {
      await connection.open();
      const client = await connection.pool.connect();
      try {
        return { databaseBytes: await storeBytes(client), walBytes: 0 };
      } finally {
        client.release();
      }
    },
    backup: (destination) => dumpSchema(o, destination),
    convertError: convertPgError,
    isRetryable: isRetryablePgError,
    release: () => connection.close(),
  };
  return new PostgresRepository(connection, host);
}

/**
 * Opens the store at a `postgres://` (or `postgresql://`) URL: connects, creates and migrates
 * its schema (`?schema=name`, default `sessionkit`), then returns the repository. What
 * `openRepository("postgres://…")` calls.
 * @throws IO when the server cannot be reached or rejects the credentials (the message never
 * holds the password); SCHEMA when the schema is newer or was changed by hand.
 */
export async function openFromUrl(
  url: string,
  options: Omit<PostgresRepositoryOptions, "url"> = {},
): Promise<PostgresRepository> {
  const repository = createPostgresRepository({ ...options, url });
  try {
    await repository.open();
  } catch (error) {
    await repository.close().catch(() => undefined);
    throw error;
  }
  return repository;
}
