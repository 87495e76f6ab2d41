/**
 * `@sessionkit/adk`: a Google ADK session service (`BaseSessionService`) backed by any
 * sessionkit `SessionRepository`.
 * @packageDocumentation
 */

export {
  type AdkDatabaseSource,
  type AdkScopedState,
  adkDatabaseSource,
} from "./adk-database-source.js";
export {
  type CopyAdkSessionsOptions,
  type CopyAdkSessionsResult,
  copyAdkSessions,
} from "./copy-adk-sessions.js";
export {
  ADK_EVENT_FORMAT,
  adkTimestamp,
  FORMAT_KEY,
  toAdkEvent,
  toNewEvent,
} from "./event-codec.js";
export { type SessionServiceFromUrlOptions, sessionServiceFromUrl } from "./from-url.js";
export {
  SessionKitSessionService,
  type SessionKitSessionServiceOptions,
  type StaleSessionPolicy,
} from "./session-kit-session-service.js";
