import { assertOptionsObject, type SessionRepository } from "@sessionkit/core";
import { createLibsqlRepository } from "./libsql-repository.js";
import type { LibsqlRepositoryOptions } from "./options.js";

const OPTION_NAMES = [
  "authToken",
  "syncUrl",
  "syncIntervalSeconds",
  "embeddedDriver",
  "busyTimeoutMs",
  "busyRetries",
  "requestTimeoutMs",
  "synchronous",
  "limits",
  "fullText",
] as const;

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
  const ctx = { adapter: "libsql", operation: "open", subject: JSON.stringify(url) };
  assertOptionsObject(options, "options", OPTION_NAMES, ctx);
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
