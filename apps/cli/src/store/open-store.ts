import { openRepository, type SessionRepository } from "@sessionkit/core";
import { usageError } from "../cli/cli-error.js";
import { assertStoreExists } from "./assert-store-exists.js";
import { loadAdapterFor } from "./load-adapter.js";
import { storeLocation } from "./store-location.js";

/**
 * "existing": the store must already exist (every command but `sessions create`); a missing
 * file is NOT_FOUND, never a new empty database. "create": a missing local store is created.
 */
export type OpenMode = "existing" | "create";

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
  if (mode === "existing") assertStoreExists(url, location);
  await loadAdapterFor(url);
  // The JSON store refuses a root without sessionkit.json unless asked to initialize one.
  const create = mode === "create" && location.kind === "json-root";
  return openRepository(url, create ? { create: true } : {});
}
