import type { SessionRepository } from "@sessionkit/core";
import { invalidArgument } from "@sessionkit/core/adapter-kit";
import { createSqliteRepository } from "./create-sqlite-repository.js";
import type { SqliteRepositoryOptions } from "./options.js";
import { ADAPTER } from "./sqlite-connection.js";

/**
 * The file path a `sqlite:` URL names: `sqlite:/abs/path.db`, `sqlite:///abs/path.db`,
 * `sqlite:relative.db` (against the working directory) or `sqlite::memory:`.
 * @throws INVALID_ARGUMENT for another scheme or an empty path.
 */
export function pathFromSqliteUrl(url: string): string {
  const ctx = { adapter: ADAPTER, operation: "openFromUrl", subject: String(url) };
  if (typeof url !== "string" || !url.startsWith("sqlite:")) {
    throw invalidArgument(
      ctx,
      "url",
      'must start with "sqlite:" (sqlite:/abs/path.db, sqlite:relative.db, sqlite::memory:)',
    );
  }
  let rest = url.slice("sqlite:".length);
  if (rest.startsWith("//")) rest = rest.slice(2);
  if (rest === ":memory:") return ":memory:";
  if (rest.length === 0) throw invalidArgument(ctx, "url", "names no database file");
  return rest;
}

/**
 * Opens a repository from a URL; the entry point `openRepository` in @sessionkit/core uses.
 * `options` are {@link SqliteRepositoryOptions} without `path`.
 */
export async function openFromUrl(
  url: string,
  options: Record<string, unknown> = {},
): Promise<SessionRepository> {
  const path = pathFromSqliteUrl(url);
  return createSqliteRepository({ ...(options as Omit<SqliteRepositoryOptions, "path">), path });
}
