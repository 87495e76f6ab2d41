import { openRepository, type SessionRepository } from "@sessionkit/core";
import { SessionKitSession } from "./session-kit-session.js";

/** Defaults for every session a {@link SessionKitSessions} hands out. */
export interface SessionKitSessionsOptions {
  /** The sessionkit app name of every session; default `"openai-agents"`. */
  appName?: string;
  /** The user id when {@link SessionKitSessions.session} is given none; default `"default"`. */
  userId?: string;
}

/**
 * One sessionkit store serving many conversations: `sessions.session(id)` is the Agents SDK
 * `Session` of conversation `id`. Open one per process and share it; close it at shutdown.
 */
export class SessionKitSessions {
  constructor(
    /** The store every session reads and writes. */
    readonly repository: SessionRepository,
    private readonly options: SessionKitSessionsOptions = {},
  ) {}

  /**
   * The session of conversation `sessionId` (a new UUID when omitted) for `userId`. No I/O:
   * the sessionkit session is created by the first write or `getSessionId()`.
   */
  session(sessionId?: string, options: { userId?: string } = {}): SessionKitSession {
    return new SessionKitSession({
      repository: this.repository,
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(this.options.appName === undefined ? {} : { appName: this.options.appName }),
      userId: options.userId ?? this.options.userId ?? "default",
    });
  }

  /** Closes the store (idempotent); every session of it then fails with `CLOSED`. */
  async close(): Promise<void> {
    await this.repository.close();
  }
}

/**
 * Opens a store by URL with core's `openRepository` — `memory:`, `sqlite:./chat.db`,
 * `file:./chat.db` (libSQL), `http(s)://…` (sqld/Turso), `json:./dir` — and returns the session
 * factory over it. `repositoryOptions` go to the adapter.
 * @throws INVALID_ARGUMENT for an unknown scheme; UNSUPPORTED when its adapter is not installed.
 */
export async function openSessionKitSessions(
  url: string,
  options: SessionKitSessionsOptions & { repositoryOptions?: Record<string, unknown> } = {},
): Promise<SessionKitSessions> {
  const { repositoryOptions, ...defaults } = options;
  return new SessionKitSessions(await openRepository(url, repositoryOptions), defaults);
}
