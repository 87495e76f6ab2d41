import { CliError } from "@sessionkit/core/cli";
import type { OpenMode } from "./open-store.js";

/**
 * Checks an existing SQLite-format database file (sqlite: or libSQL file:; both adapters take
 * the same `fullTextSearch` option) before it is opened,
 * without writing to it, and returns the adapter options that keep it as it is: its own
 * full-text setting, so that opening never builds or drops the index. A file that holds no
 * sessionkit store (empty, no tables) is NOT_FOUND unless `mode` is "create"; in "read" mode
 * an older schema is refused (SCHEMA) instead of migrated.
 */
export async function existingDatabaseOptions(
  url: string,
  path: string,
  mode: OpenMode,
): Promise<Record<string, unknown>> {
  const { inspectDatabaseFile } = await import("@sessionkit/sqlite");
  const state = inspectDatabaseFile(path);
  if (state.status === "fresh") {
    if (mode === "create") return {};
    throw new CliError(
      "NOT_FOUND",
      `${path} holds no sessionkit store (an empty database file) (from ${url})`,
      "check --db or SESSIONKIT_URL; `sessionkit sessions create` creates a store in it",
    );
  }
  if (state.status === "behind" && mode === "read") {
    throw new CliError(
      "SCHEMA",
      `${path} has sessionkit schema version ${state.schemaVersion}, older than this sessionkit's ${state.packageSchemaVersion}; a read-only command does not migrate it (from ${url})`,
      "copy the file as a backup while no process writes it, then run a writing command such as `sessionkit maintain` to migrate it; or use the sessionkit version that wrote it",
    );
  }
  return { fullTextSearch: state.fullTextSearch };
}
