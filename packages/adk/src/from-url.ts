import { openRepository } from "@sessionkit/core";
import {
  SessionKitSessionService,
  type SessionKitSessionServiceOptions,
} from "./session-kit-session-service.js";

/** Options of {@link sessionServiceFromUrl}: the service's, plus the adapter's. */
export interface SessionServiceFromUrlOptions extends SessionKitSessionServiceOptions {
  /** Passed to the adapter that opens the URL (see each adapter's `openFromUrl`). */
  repositoryOptions?: Record<string, unknown>;
}

/**
 * Opens a sessionkit store by URL and wraps it in a {@link SessionKitSessionService} that owns
 * it (`close()` closes the store). URLs are `@sessionkit/core`'s `openRepository` URLs:
 * `memory:`, `sqlite:path` (`@sessionkit/sqlite`), `libsql:`/`file:`/`http(s):`/`ws(s):`
 * (`@sessionkit/libsql`), `json:dir` (`@sessionkit/json-file-store`), `postgres://` once its
 * adapter is installed. The adapter package is imported on demand.
 * @throws INVALID_ARGUMENT for an unknown scheme; UNSUPPORTED when the adapter is not installed.
 */
export async function sessionServiceFromUrl(
  url: string,
  options: SessionServiceFromUrlOptions = {},
): Promise<SessionKitSessionService> {
  const { repositoryOptions, ...serviceOptions } = options;
  const repository = await openRepository(url, repositoryOptions);
  return new SessionKitSessionService(repository, { closeRepository: true, ...serviceOptions });
}
