// @sessionkit/openai-agents: the OpenAI Agents SDK `Session` on any sessionkit store.
export { Authors, type OperationHeader, type RewriteContent } from "./history-events.js";
export { SessionKitSession, type SessionKitSessionOptions } from "./session-kit-session.js";
export {
  openSessionKitSessions,
  SessionKitSessions,
  type SessionKitSessionsOptions,
} from "./session-kit-sessions.js";
