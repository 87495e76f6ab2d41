import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "@sessionkit/core/cli";
import type { StoreLocation } from "./store-location.js";

/**
 * Throws NOT_FOUND when a local store does not exist, so that a read never creates an empty
 * database by accident. Memory and remote stores are not checked.
 */
export function assertStoreExists(url: string, location: StoreLocation): void {
  if (location.kind === "database-file") {
    if (!existsSync(location.path)) {
      throw new CliError(
        "NOT_FOUND",
        `no database file at ${location.path} (from ${url})`,
        "check --db or SESSIONKIT_URL; `sessionkit sessions create` creates a new store",
      );
    }
    if (!statSync(location.path).isFile()) {
      throw new CliError(
        "NOT_FOUND",
        `${location.path} is not a database file (from ${url})`,
        "point --db at a SQLite database file",
      );
    }
  }
  if (location.kind === "json-root") {
    const marker = join(location.root, "sessionkit.json");
    if (!existsSync(marker)) {
      throw new CliError(
        "NOT_FOUND",
        `${location.root} is not a sessionkit JSON store (no sessionkit.json) (from ${url})`,
        "check --db or SESSIONKIT_URL; a JSON store root holds sessionkit.json",
      );
    }
  }
}
