/**
 * `@sessionkit/ai-sdk`: Vercel AI SDK chat persistence — `loadChat` / `saveChat` of `UIMessage[]`
 * on any sessionkit SessionRepository (SQLite, libSQL, …), appending only what changed.
 * @packageDocumentation
 */
export {
  type ChatEventContent,
  MESSAGE_EVENT,
  type MessageEventContent,
  TRUNCATE_AUTHOR,
  TRUNCATE_EVENT,
  type TruncateEventContent,
} from "./chat-events.js";
export { foldChatEvents } from "./chat-snapshot.js";
export { CHAT_METADATA, ChatStore, TITLE_STATE_KEY } from "./chat-store.js";
export { DERIVED_TITLE_LENGTH, deriveChatTitle } from "./chat-title.js";
export type {
  ChatPage,
  ChatStoreOptions,
  ChatSummary,
  CreateChatOptions,
  ListChatsOptions,
  SaveChatInput,
  SaveChatResult,
} from "./chat-types.js";
export { createChatStore, type OpenChatStoreOptions, openChatStore } from "./create-chat-store.js";
export {
  type SaveOnFinishInput,
  type SaveOnFinishOptions,
  saveOnFinish,
} from "./save-on-finish.js";
export { withClientMessage } from "./with-client-message.js";
