import { existsSync } from "node:fs";
import { SessionKitError } from "@sessionkit/core";
import {
  inspectSchema,
  SCHEMA_VERSION,
  type SchemaState,
  toSessionKitError,
} from "@sessionkit/sql";
import { driveSync } from "@sessionkit/sql/driver";
import Database from "better-sqlite3";
import { BetterSqliteDriver } from "./better-sqlite3-driver.js";
import { ADAPTER } from "./sqlite-connection.js";

/** What a database file holds, as {@link inspectDatabaseFile} read it. */
export interface DatabaseFileState {
  /**
   * "current": a sessionkit store this package can use as it is; "behind": a sessionkit store
   * of an older schema (opening it with createSqliteRepository migrates it); "fresh": no
   * sessionkit store at all (an empty file, or one with no tables).
   */
  status: SchemaState["status"];
  /** The schema version of the file (0 when fresh). */
  schemaVersion: number;
  /** The schema version this package writes. */
  packageSchemaVersion: number;
  /** Whether the file keeps the full-text index (pass it as `fullTextSearch` to keep it so). */
  fullTextSearch: boolean;
}

/**
 * Reads the schema state of an existing SQLite file without writing anything: the file is
 * opened read-only, never created, migrated or switched (unlike createSqliteRepository, which
 * creates and migrates on open). Tools use it before a read-only command, and to open with
 * the file's own full-text setting. Works on any SQLite-format sessionkit file (libSQL
 * embedded files too).
 * @throws NOT_FOUND when there is no file at `path`; CORRUPT for a damaged file or one that is
 * not a database; SCHEMA for another application's database, a newer or edited schema.
 */
export function inspectDatabaseFile(path: string): DatabaseFileState {
  const ctx = { adapter: ADAPTER, operation: "inspect", subject: path };
  if (!existsSync(path)) {
    throw new SessionKitError({
      ...ctx,
      code: "NOT_FOUND",
      problem: `no database file at ${path}`,
      remedy: "check the path; inspecting never creates a file",
    });
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw toSessionKitError(error, ctx, path);
  }
  try {
    const state = driveSync(
      inspectSchema({ adapter: ADAPTER, location: path }),
      new BetterSqliteDriver(db),
    ) as SchemaState;
    return {
      status: state.status,
      schemaVersion: state.appliedVersion,
      packageSchemaVersion: SCHEMA_VERSION,
      fullTextSearch: state.fullText,
    };
  } catch (error) {
    throw toSessionKitError(error, ctx, path);
  } finally {
    db.close();
  }
}
