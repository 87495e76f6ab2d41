import {
  isSessionKitError,
  type JsonObject,
  type SessionKey,
  type SessionRepository,
} from "@sessionkit/core";
import { assertId } from "@sessionkit/core/adapter-kit";
import type { UIMessage } from "ai";
import {
  type ChatOperation,
  chatErrorContext,
  invalidChatInput,
  messageOverLimit,
} from "./chat-errors.js";
import { type ChatEventContent, MESSAGE_EVENT, toChatEvents } from "./chat-events.js";
import { type ChatRead, ChatSnapshotCache, readChat } from "./chat-reader.js";
import { ChatSnapshot } from "./chat-snapshot.js";
import { deriveChatTitle } from "./chat-title.js";
import type {
  ChatPage,
  ChatStoreOptions,
  CreateChatOptions,
  ListChatsOptions,
  SaveChatInput,
  SaveChatResult,
} from "./chat-types.js";
import { planSave } from "./plan-save.js";

/**
 * A LIMIT of the store for `events[i]` of a save becomes one naming the message it holds
 * (`messages[j]`); any other error is returned as it is.
 */
function restateLimit(
  error: unknown,
  key: SessionKey,
  contents: readonly ChatEventContent[],
  messages: readonly UIMessage[],
): unknown {
  if (!isSessionKitError(error, "LIMIT")) return error;
  const at = /^events\[(\d+)\]/.exec(error.path ?? "");
  const content = at ? contents[Number(at[1])] : undefined;
  if (content?.type !== MESSAGE_EVENT) return error;
  const index = messages.findIndex((m) => m.id === content.message.id);
  return messageOverLimit(key, index, content.message.id, error);
}

/** Session metadata that marks a session as a chat of this package (and filters listings). */
export const CHAT_METADATA: Readonly<JsonObject> = Object.freeze({
  "sessionkit.kind": "ai-sdk-chat",
});
/** The session-state key holding a chat's title. */
export const TITLE_STATE_KEY = "title";

const DEFAULT_APP_NAME = "ai-sdk-chat";
const DEFAULT_USER_ID = "anonymous";
const DEFAULT_SAVE_ATTEMPTS = 5;
const DEFAULT_CACHED_CHATS = 100;

function checkCount(
  value: number | undefined,
  fallback: number,
  minimum: number,
  path: string,
): number {
  const count = value ?? fallback;
  if (!Number.isInteger(count) || count < minimum) {
    throw invalidChatInput("createChatStore", undefined, path, `must be an integer ≥ ${minimum}`);
  }
  return count;
}

/**
 * Vercel AI SDK chats (`UIMessage[]`) in a sessionkit SessionRepository: one session per chat,
 * one event per new message version (see the package README for the exact mapping). Create one
 * with `createChatStore(repository)` or `openChatStore(url)`.
 */
export class ChatStore {
  /** The sessionkit `appName` the chats live under. */
  readonly appName: string;
  /** The user whose chats this store reads and writes. */
  readonly userId: string;
  readonly #repository: SessionRepository;
  readonly #options: ChatStoreOptions;
  readonly #ownsRepository: boolean;
  readonly #cache: ChatSnapshotCache;
  readonly #maxSaveAttempts: number;

  /**
   * Prefer `createChatStore` / `openChatStore`. `ownsRepository`: `close()` closes it.
   * @throws INVALID_ARGUMENT for an illegal `appName` or `userId`, or a bad count option.
   */
  constructor(
    repository: SessionRepository,
    options: ChatStoreOptions = {},
    ownsRepository = false,
    /** @internal the cache of the store this one derives from (`forUser`). */
    sharedCache?: ChatSnapshotCache,
  ) {
    const ctx = chatErrorContext("createChatStore");
    const appName = options.appName ?? DEFAULT_APP_NAME;
    const userId = options.userId ?? DEFAULT_USER_ID;
    assertId(appName, "options.appName", ctx);
    assertId(userId, "options.userId", ctx);
    this.#maxSaveAttempts = checkCount(
      options.maxSaveAttempts,
      DEFAULT_SAVE_ATTEMPTS,
      1,
      "options.maxSaveAttempts",
    );
    const cachedChats = checkCount(
      options.cachedChats,
      DEFAULT_CACHED_CHATS,
      0,
      "options.cachedChats",
    );
    this.appName = appName;
    this.userId = userId;
    this.#repository = repository;
    this.#options = options;
    this.#ownsRepository = ownsRepository;
    this.#cache = sharedCache ?? new ChatSnapshotCache(cachedChats);
  }

  /** The same store for another user of the app (same repository; closing it closes nothing). */
  forUser(userId: string): ChatStore {
    return new ChatStore(this.#repository, { ...this.#options, userId }, false, this.#cache);
  }

  /**
   * Creates an empty chat and returns its id (generated unless `options.chatId` is given).
   * @throws ALREADY_EXISTS when the id is taken; INVALID_ARGUMENT for an illegal id or title.
   */
  async createChat(options: CreateChatOptions = {}): Promise<string> {
    const key = { appName: this.appName, userId: this.userId, sessionId: options.chatId };
    if (options.chatId !== undefined) this.#key("createChat", options.chatId);
    const title = this.#checkTitle("createChat", key, options.title);
    const session = await this.#repository.createSession(key, {
      metadata: { ...CHAT_METADATA },
      state: title === undefined ? {} : { [TITLE_STATE_KEY]: title },
    });
    return session.id;
  }

  /**
   * The chat's messages in order, as the last save left them (each message the latest version
   * saved). A chat never saved, deleted or expired reads as `[]` — never `null`, never a throw.
   * @throws INVALID_ARGUMENT for an illegal chat id.
   */
  async loadChat<MESSAGE extends UIMessage = UIMessage>(chatId: string): Promise<MESSAGE[]> {
    const key = this.#key("loadChat", chatId);
    const read = await readChat(this.#repository, this.#cache, key);
    return read === null ? [] : read.snapshot.messages<MESSAGE>();
  }

  /**
   * Makes the stored chat equal `messages`, appending only what differs, in one atomic append
   * guarded by `expectedRevision`: new messages as "added" events, changed ones (parts grown
   * during a tool call) as "updated" events, stored messages no longer in the list (a
   * regenerated answer) as one truncate event. Nothing stored is rewritten. Creates the chat
   * when it does not exist. Saving the same messages again appends nothing; a retry of a save
   * whose answer was lost is recognised by its event ids. When another writer changed the chat
   * in between, it re-reads and re-plans (up to `maxSaveAttempts`); of two different concurrent
   * saves the later one wins, as a whole.
   * @throws INVALID_ARGUMENT (nothing written) for an illegal chat id, a malformed message, a
   *   repeated message id or a non-JSON value; STALE when other writers kept winning;
   *   ALREADY_EXISTS when the chat id belongs to an expired chat; LIMIT (naming
   *   `messages[i]`, nothing written) for a message over the store's event size limit.
   */
  async saveChat<MESSAGE extends UIMessage = UIMessage>(
    input: SaveChatInput<MESSAGE>,
  ): Promise<SaveChatResult> {
    if (input === null || typeof input !== "object") {
      throw invalidChatInput("saveChat", undefined, "input", "must be { chatId, messages }");
    }
    const key = this.#key("saveChat", input.chatId);
    const title = this.#checkTitle("saveChat", key, input.title);
    let created = false;
    for (let attempt = 1; ; attempt++) {
      let read = await readChat(this.#repository, this.#cache, key);
      if (read === null) {
        const made = await this.#create(key, input.messages, title);
        created ||= made.created;
        read = made;
      }
      const contents = planSave(read.snapshot, input.messages, "saveChat", key);
      if (contents.length === 0) return { appendedEvents: 0, created };
      const base = read.snapshot;
      try {
        const stored = await this.#repository.appendEvents(
          key,
          toChatEvents(contents, base.lastSeq),
          {
            expectedRevision: read.revision,
          },
        );
        if (stored.every((event, i) => event.seq === base.lastSeq + 1 + i)) {
          this.#cache.set(key, base.advance(stored));
        }
        return { appendedEvents: contents.length, created };
      } catch (error) {
        const raced = isSessionKitError(error, "STALE") || isSessionKitError(error, "CONFLICT");
        if (!raced || attempt >= this.#maxSaveAttempts)
          throw restateLimit(error, key, contents, input.messages);
      }
    }
  }

  /**
   * Creates the chat for a save (or finds the one a concurrent save just created), after checking
   * the messages, so a save with bad input creates nothing.
   */
  async #create(
    key: SessionKey,
    messages: readonly UIMessage[],
    title: string | undefined,
  ): Promise<ChatRead & { created: boolean }> {
    planSave(ChatSnapshot.empty(0), messages, "saveChat", key);
    const initialTitle = title ?? deriveChatTitle(messages);
    const { session, created } = await this.#repository.getOrCreateSession(key, {
      metadata: { ...CHAT_METADATA },
      state: initialTitle === null ? {} : { [TITLE_STATE_KEY]: initialTitle },
    });
    const snapshot = ChatSnapshot.fromSession(session);
    this.#cache.set(key, snapshot);
    return { snapshot, revision: session.revision, created };
  }

  /**
   * This user's chats, most recently updated first, one page at a time (keyset cursor: paging
   * while chats are saved neither repeats nor skips one). Sessions that are not chats of this
   * package are left out.
   * @throws INVALID_ARGUMENT for a bad `limit` or a foreign or damaged `cursor`.
   */
  async listChats(options: ListChatsOptions = {}): Promise<ChatPage> {
    const page = await this.#repository.listSessions({
      appName: this.appName,
      userId: this.userId,
      metadata: { ...CHAT_METADATA },
      orderBy: "updatedAt",
      order: "desc",
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
    });
    return {
      chats: page.sessions.map((s) => {
        const title = s.state[TITLE_STATE_KEY];
        return {
          chatId: s.id,
          title: typeof title === "string" ? title : null,
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Sets a chat's title (a state event, so the change stays in the audit trail).
   * @throws NOT_FOUND when the chat does not exist; INVALID_ARGUMENT for an illegal id or title.
   */
  async setChatTitle(chatId: string, title: string): Promise<void> {
    const key = this.#key("setChatTitle", chatId);
    const checked = this.#checkTitle("setChatTitle", key, title);
    await this.#repository.updateState(key, { [TITLE_STATE_KEY]: checked ?? null });
  }

  /**
   * Hard-deletes a chat with all its events. Returns `false` when there was no such chat.
   * @throws INVALID_ARGUMENT for an illegal chat id.
   */
  async deleteChat(chatId: string): Promise<boolean> {
    const key = this.#key("deleteChat", chatId);
    this.#cache.delete(key);
    return this.#repository.deleteSession(key);
  }

  /** Closes the repository when this store opened it (`openChatStore`); otherwise does nothing. */
  async close(): Promise<void> {
    if (this.#ownsRepository) await this.#repository.close();
  }

  #key(operation: ChatOperation, chatId: unknown): SessionKey {
    const key = { appName: this.appName, userId: this.userId, sessionId: chatId as string };
    assertId(chatId, "chatId", chatErrorContext(operation, key));
    return key;
  }

  #checkTitle(
    operation: ChatOperation,
    key: Partial<SessionKey>,
    title: unknown,
  ): string | undefined {
    if (title === undefined) return undefined;
    if (typeof title !== "string" || title.trim().length === 0) {
      throw invalidChatInput(operation, key, "title", "must be a non-empty string");
    }
    return title;
  }
}
