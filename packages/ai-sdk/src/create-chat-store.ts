import { openRepository, type SessionRepository } from "@sessionkit/core";
import { invalidChatInput } from "./chat-errors.js";
import { ChatStore } from "./chat-store.js";
import type { ChatStoreOptions } from "./chat-types.js";

/**
 * A ChatStore on a repository you opened (and close yourself; the store's `close()` leaves it
 * open).
 * @throws INVALID_ARGUMENT when `repository` is not a SessionRepository or an option is illegal.
 */
export function createChatStore(
  repository: SessionRepository,
  options: ChatStoreOptions = {},
): ChatStore {
  if (
    repository === null ||
    typeof repository !== "object" ||
    typeof (repository as Partial<SessionRepository>).getOrCreateSession !== "function"
  ) {
    throw invalidChatInput(
      "createChatStore",
      undefined,
      "repository",
      "must be a sessionkit SessionRepository (e.g. from openRepository(url))",
    );
  }
  return new ChatStore(repository, options, false);
}

/** Options of `openChatStore`: the store's options plus the adapter's. */
export interface OpenChatStoreOptions extends ChatStoreOptions {
  /** Passed to the adapter that serves the URL (see `openRepository`). */
  repositoryOptions?: Record<string, unknown>;
}

/**
 * Opens the repository at `url` with core's `openRepository` (`sqlite:chats.db`,
 * `file:chats.db` for libSQL, `memory:`, …) and returns a ChatStore that owns it: its `close()`
 * closes the repository.
 * @throws INVALID_ARGUMENT for an unknown URL scheme or an illegal option; UNSUPPORTED when the
 *   adapter package for the scheme is not installed; the adapter's errors when opening fails.
 */
export async function openChatStore(
  url: string,
  options: OpenChatStoreOptions = {},
): Promise<ChatStore> {
  const { repositoryOptions, ...storeOptions } = options;
  const repository = await openRepository(url, repositoryOptions ?? {});
  try {
    return new ChatStore(repository, storeOptions, true);
  } catch (error) {
    await repository.close();
    throw error;
  }
}
