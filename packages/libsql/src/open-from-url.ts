import type { SessionRepository } from "@sessionkit/core";
import { invalidArgument } from "@sessionkit/core/adapter-kit";
import { createLibsqlRepository } from "./libsql-repository.js";
import type { LibsqlRepositoryOptions } from "./options.js";

/**
 * Opens a libSQL repository for `openRepository` in @sessionkit/core (`file:`, `libsql:`,
 * `http(s):`, `ws(s):` URLs, and `:memory:`) and checks it at once: the database is opened
 * and migrated, or a remote server is reached and authenticated, before this resolves.
 * @throws INVALID_ARGUMENT for bad options; IO when the server is unreachable or rejects the
 *   token; SCHEMA for a database newer than this package.
 */
export async function openFromUrl(
  url: string,
  options: Record<string, unknown> = {},
): Promise<SessionRepository> {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    const ctx = { adapter: "libsql", operation: "open", subject: JSON.stringify(url) };
    throw invalidArgument(ctx, "options", "must be an options object");
  }
  if ("url" in options) {
    const ctx = { adapter: "libsql", operation: "open", subject: JSON.stringify(url) };
    throw invalidArgument(
      ctx,
      "options.url",
      "is the first argument of openFromUrl, not an option",
    );
  }
  const repository = createLibsqlRepository({
    ...(options as Omit<LibsqlRepositoryOptions, "url">),
    url,
  });
  try {
    await repository.open();
  } catch (error) {
    await repository.close();
    throw error;
  }
  return repository;
}
