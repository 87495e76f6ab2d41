import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { ConformanceTarget, SharedStore } from "@sessionkit/conformance";
import type { SessionRepository } from "@sessionkit/core";
import { createPostgresRepository, openFromUrl, postgresCapabilities } from "@sessionkit/postgres";
import pg from "pg";

/** The conformance opener module (child processes import it). */
export const openerModule = fileURLToPath(new URL("../opener.mjs", import.meta.url));

/** A schema name no other test uses. */
export function freshSchema(prefix = "t"): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** `url` with `?schema=name`. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("schema", schema);
  return u.toString();
}

/** Drops a schema with everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Every repository in its own schema of the run's one server (repositories share nothing);
 * the cross-process and crash groups open a shared schema from child processes by URL.
 */
export function postgresTarget(url: string): ConformanceTarget {
  const schemas = new Map<SessionRepository, string>();
  return {
    name: "postgres (PostgreSQL 15, one schema per test)",
    capabilities: postgresCapabilities,
    async create() {
      const schema = freshSchema();
      const repository = createPostgresRepository({ url, schema, max: 4 });
      schemas.set(repository, schema);
      return repository;
    },
    async destroy(repository) {
      const schema = schemas.get(repository);
      schemas.delete(repository);
      if (schema) await dropSchema(url, schema);
    },
    async createShared(): Promise<SharedStore> {
      const schema = freshSchema("shared");
      const location = urlWithSchema(url, schema);
      return {
        location,
        openerModule,
        open: () => openFromUrl(location, { max: 4 }),
        destroy: () => dropSchema(url, schema),
      };
    },
  };
}
