import type { ErrorContext, Limits } from "@sessionkit/core";
import {
  assertOptionalBoolean,
  assertOptionalInt,
  invalidArgument,
} from "@sessionkit/core/adapter-kit";
import { type RetryPolicy, resolveSqlAdapterOptions } from "@sessionkit/sql";
import type pg from "pg";

/** Options of {@link createPostgresRepository} (all optional but a way to connect). */
export interface PostgresRepositoryOptions {
  /**
   * `postgres://user:password@host:port/database?schema=name&sslmode=…`. Parts left out come
   * from the standard `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE` variables (as
   * with psql); `schema` may also be given here.
   */
  url?: string;
  /**
   * The PostgreSQL schema that holds the store's tables (created, then migrated, on first
   * use), so several apps or stores can share one database. Lowercase letters, digits and
   * `_`, starting with a letter or `_`, at most 63 characters. Default `sessionkit`.
   */
  schema?: string;
  /** Connections in the pool. Default 10. */
  max?: number;
  /**
   * Longest time one statement may run, in ms; a statement over it fails with BUSY (and its
   * transaction rolls back). 0 = no limit. Default 30,000. Maintenance (VACUUM) has no limit.
   */
  statementTimeoutMs?: number;
  /** Longest wait for a new connection, in ms, before the call fails with IO. Default 10,000. */
  connectionTimeoutMs?: number;
  /** TLS options, passed to node-postgres as is (`true`, or `{ rejectUnauthorized, ca, … }`). */
  ssl?: pg.ConnectionConfig["ssl"];
  /**
   * Prepare each statement once per connection (faster repeated statements). Turn off behind a
   * pooler in transaction mode (PgBouncer < 1.21) that cannot keep prepared statements. Default true.
   */
  preparedStatements?: boolean;
  /** `application_name` shown in pg_stat_activity. Default "sessionkit". */
  applicationName?: string;
  /** Bounded retries of BUSY (deadlocks, serialization failures, too many connections). */
  retry?: Partial<RetryPolicy>;
  /** Size limits checked before anything is written (defaults: 1 MiB per event and value). */
  limits?: Partial<Limits>;
  /**
   * Group commit: appends from concurrent callers that arrive together share one transaction,
   * written set-based; each call stays atomic on its own and one failing call never fails
   * another (docs/contract.md, Concurrent appends). `false`: one transaction per call.
   * Default true.
   */
  groupCommit?: boolean;
}

/** {@link PostgresRepositoryOptions} with defaults applied and every value checked. */
export interface ResolvedPostgresOptions {
  url: string | undefined;
  schema: string;
  max: number;
  statementTimeoutMs: number;
  connectionTimeoutMs: number;
  ssl: pg.ConnectionConfig["ssl"];
  preparedStatements: boolean;
  applicationName: string;
  retry: RetryPolicy;
  limits: Limits;
  groupCommit: boolean;
}

const ownOptionNames = [
  "url",
  "schema",
  "max",
  "statementTimeoutMs",
  "connectionTimeoutMs",
  "ssl",
  "preparedStatements",
  "applicationName",
] as const;

/** SQLite tuning the shared SQL options include that has no meaning on PostgreSQL. */
const sqliteOnly = [
  "synchronous",
  "busyTimeoutMs",
  "watchIntervalMs",
  "fullText",
  "fullTextSearch",
];

/** What a schema name may be: an unquoted lowercase identifier. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks and completes the options; a `schema` query parameter of the URL counts as the
 * `schema` option (both given and different: INVALID_ARGUMENT).
 * @throws INVALID_ARGUMENT naming the option and what it must be.
 */
export function resolvePostgresOptions(
  options: PostgresRepositoryOptions,
  ctx: ErrorContext,
): ResolvedPostgresOptions {
  const shared = resolveSqlAdapterOptions(options, ownOptionNames, ctx);
  const o = options as PostgresRepositoryOptions & Record<string, unknown>;
  for (const name of sqliteOnly) {
    if (o[name] !== undefined) {
      throw invalidArgument(
        ctx,
        `options.${name}`,
        "is a SQLite setting with no meaning on PostgreSQL; remove it",
      );
    }
  }
  if (o.url !== undefined && (typeof o.url !== "string" || o.url.length === 0)) {
    throw invalidArgument(ctx, "options.url", "must be a postgres:// URL");
  }
  assertOptionalInt(o.max, "options.max", ctx, 1, 1000);
  assertOptionalInt(o.statementTimeoutMs, "options.statementTimeoutMs", ctx, 0, 86_400_000);
  assertOptionalInt(o.connectionTimeoutMs, "options.connectionTimeoutMs", ctx, 0, 600_000);
  assertOptionalBoolean(o.preparedStatements, "options.preparedStatements", ctx);
  if (o.applicationName !== undefined && typeof o.applicationName !== "string") {
    throw invalidArgument(ctx, "options.applicationName", "must be a string");
  }
  const fromUrl = o.url === undefined ? undefined : schemaInUrl(o.url, ctx);
  if (o.schema !== undefined && fromUrl !== undefined && o.schema !== fromUrl) {
    throw invalidArgument(
      ctx,
      "options.schema",
      `disagrees with the URL's schema=${fromUrl}; give one`,
    );
  }
  const schema = o.schema ?? fromUrl ?? "sessionkit";
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema)) {
    throw invalidArgument(
      ctx,
      "options.schema",
      "must be a lowercase identifier: letters a-z, digits and _, not starting with a digit, at most 63 characters",
    );
  }
  return {
    url: o.url,
    schema,
    max: o.max ?? 10,
    statementTimeoutMs: o.statementTimeoutMs ?? 30_000,
    connectionTimeoutMs: o.connectionTimeoutMs ?? 10_000,
    ssl: o.ssl,
    preparedStatements: o.preparedStatements ?? true,
    applicationName: o.applicationName ?? "sessionkit",
    retry: shared.retry,
    limits: shared.limits,
    groupCommit: shared.groupCommit,
  };
}

/** The `schema` query parameter of a postgres URL, if any. */
function schemaInUrl(url: string, ctx: ErrorContext): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidArgument(ctx, "url", "is not a valid URL (postgres://user@host:5432/database)");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw invalidArgument(ctx, "url", "must start with postgres:// or postgresql://");
  }
  return parsed.searchParams.get("schema") ?? undefined;
}

/** The URL without the `schema` parameter (node-postgres does not know it). */
export function withoutSchemaParam(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete("schema");
  return parsed.toString();
}
