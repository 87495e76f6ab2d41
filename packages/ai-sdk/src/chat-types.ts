import type { UIMessage } from "ai";

/** Where a ChatStore keeps its chats. */
export interface ChatStoreOptions {
  /** The sessionkit `appName` the chats are stored under. Default `"ai-sdk-chat"`. */
  appName?: string;
  /**
   * The user whose chats this store reads and writes (the session key's `userId`); use
   * {@link ChatStore.forUser} for the other users of a multi-user app. Default `"anonymous"`.
   */
  userId?: string;
  /**
   * How often `saveChat` re-reads the chat and re-plans when another writer changed it in the
   * meantime (`STALE`/`CONFLICT`) before it gives up with that error. Default 5.
   */
  maxSaveAttempts?: number;
  /**
   * How many chats' folded messages to keep in memory (least recently used dropped first), so a
   * turn reads only the events appended since the last read of that chat, confirmed against the
   * store on every call — never a stale answer. 0 reads the whole chat every time. Default 100.
   */
  cachedChats?: number;
}

/** What `saveChat` takes: the whole chat as the AI SDK hands it to `onFinish`. */
export interface SaveChatInput<MESSAGE extends UIMessage = UIMessage> {
  /** The chat (session) id. */
  chatId: string;
  /**
   * Every message of the chat, in order — not only the new ones: a stored message missing from
   * this list (after the common prefix) is dropped from the chat (recorded as a truncate event).
   */
  messages: readonly MESSAGE[];
  /** Title of a chat this call creates; default: derived from its first user message. */
  title?: string;
}

/** What `saveChat` did. */
export interface SaveChatResult {
  /**
   * Events this save recorded: 0 when the chat already held exactly these messages. Identical
   * saves racing each other each report the events, which the store keeps once (same event ids).
   */
  appendedEvents: number;
  /** Whether this call created the chat. */
  created: boolean;
}

/** One chat of a listing: no messages, only what a chat list shows. */
export interface ChatSummary {
  chatId: string;
  /** Given at creation, derived from the first user message, or set by `setChatTitle`. */
  title: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Time of the last save (milliseconds since the epoch). */
  updatedAt: number;
}

/** A page of a user's chats, most recently updated first. */
export interface ChatPage {
  chats: ChatSummary[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** Page options of `listChats`. */
export interface ListChatsOptions {
  /** Default 50, 1 to 1,000. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Options of `createChat`. */
export interface CreateChatOptions {
  /** Default: a generated id. */
  chatId?: string;
  /** Default: none until `setChatTitle`; `saveChat` does not derive one for an existing chat. */
  title?: string;
}
