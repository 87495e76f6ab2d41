/**
 * `@sessionkit/postgres`: the sessionkit SessionRepository on PostgreSQL (node-postgres), for
 * applications that run several processes or hosts against one database.
 *
 * ```ts
 * import { openFromUrl } from "@sessionkit/postgres";
 * const sessions = await openFromUrl("postgres://app@db.internal/app?schema=sessions");
 * ```
 *
 * @module @sessionkit/postgres
 */

export { postgresCapabilities } from "./capabilities.js";
export { convertPgError } from "./convert-pg-error.js";
export { createPostgresRepository, openFromUrl } from "./create-postgres-repository.js";
export { dumpCommand } from "./dump-schema.js";
export {
  type AppliedPostgresMigration,
  migratePostgresSchema,
  type PostgresMigrationReport,
} from "./migrate-postgres-schema.js";
export type { PostgresRepositoryOptions, ResolvedPostgresOptions } from "./options.js";
export { postgresDialect } from "./postgres-dialect.js";
export { PostgresRepository } from "./postgres-repository.js";
export {
  CHANGES_CHANNEL,
  POSTGRES_SCHEMA_VERSION,
  type PostgresMigration,
  postgresMigrations,
} from "./schema-migrations.js";
