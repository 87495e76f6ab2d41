import { existsSync } from "node:fs";
import { openRepository, type SessionRepository } from "@sessionkit/core";
import { usageError } from "@sessionkit/core/cli";
import { assertStoreExists } from "./assert-store-exists.js";
import { existingDatabaseOptions } from "./existing-database.js";
import { loadAdapterFor } from "./load-adapter.js";
import { storeLocation } from "./store-location.js";

/**
 * How a command may treat the store it opens:
 * - "read": read-only commands. The store must exist and is never created nor migrated; a
 *   missing store (or an empty database file) is NOT_FOUND, an older schema is SCHEMA.
 * - "write": commands that change sessions. The store must exist; an older schema is migrated.
 * - "create": `sessions create`. A missing local store is created.
 * No mode builds or drops the full-text index of an existing database file.
 */
export type OpenMode = "read" | "write" | "create";

/** Opens the store named by `url` through openRepository, after checking that it exists. */
export async function openStore(
  url: string | undefined,
  mode: OpenMode,
): Promise<SessionRepository> {
  if (url === undefined) {
    throw usageError(
      "no store given",
      "pass --db <url> or set SESSIONKIT_URL (e.g. sqlite:./sessions.db or json:./legacy-store)",
    );
  }
  const location = storeLocation(url);
  if (mode !== "create") assertStoreExists(url, location);
  await loadAdapterFor(url);
  if (location.kind === "database-file" && existsSync(location.path)) {
    return openRepository(url, await existingDatabaseOptions(url, location.path, mode));
  }
  // The JSON store refuses a root without sessionkit.json unless asked to initialize one.
  const create = mode === "create" && location.kind === "json-root";
  return openRepository(url, create ? { create: true } : {});
}
