import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { afterEach, beforeEach } from "vitest";
import { type ChatStore, createChatStore } from "../../src/index.js";
import { type Backend, temporaryDirectory } from "./backends.js";

/** A ChatStore on a fresh file of one backend, per test. */
export interface ChatFixture {
  /** The directory holding the store's file. */
  dir: string;
  repository: SessionRepository;
  chats: ChatStore;
  /** Closes the repository and opens the same file again (a restarted server). */
  reopen(): Promise<void>;
  /** The session key of a chat of this fixture's store. */
  key(chatId: string): SessionKey;
}

/** Registers beforeEach/afterEach hooks that give every test its own store file. */
export function useChatFixture(backend: Backend, appName: string): ChatFixture {
  let tmp: ReturnType<typeof temporaryDirectory> | undefined;
  const fixture = {
    key: (chatId: string) => ({ appName, userId: "ada", sessionId: chatId }),
    reopen: async () => {
      await fixture.repository.close();
      open();
    },
  } as ChatFixture;
  const open = () => {
    fixture.dir = (tmp as { dir: string }).dir;
    fixture.repository = backend.open(fixture.dir);
    fixture.chats = createChatStore(fixture.repository, { appName, userId: "ada" });
  };
  beforeEach(() => {
    tmp = temporaryDirectory();
    open();
  });
  afterEach(async () => {
    await fixture.repository.close();
    tmp?.remove();
  });
  return fixture;
}
