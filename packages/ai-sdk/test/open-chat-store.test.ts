import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { openChatStore } from "../src/index.js";
import { temporaryDirectory } from "./support/backends.js";
import { userText } from "./support/messages.js";

describe("openChatStore(url)", () => {
  it("opens the repository with core's openRepository, and close() closes it", async () => {
    const tmp = temporaryDirectory();
    try {
      const url = `sqlite:${join(tmp.dir, "chats.db")}`;
      const chats = await openChatStore(url, { appName: "app", userId: "ada" });
      await chats.saveChat({ chatId: "c", messages: [userText("u1", "persisted")] });
      await chats.close();
      const error = await chats.loadChat("c").catch((e: unknown) => e);
      expect(isSessionKitError(error, "CLOSED")).toBe(true);

      const reopened = await openChatStore(url, { appName: "app", userId: "ada" });
      expect(await reopened.loadChat("c")).toEqual([userText("u1", "persisted")]);
      await reopened.close();
    } finally {
      tmp.remove();
    }
  });

  it("rejects an unknown scheme and illegal options with typed errors", async () => {
    await expect(openChatStore("nosuch:x")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      path: "url",
    });
    await expect(openChatStore("memory:", { maxSaveAttempts: 0 })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      adapter: "ai-sdk",
      path: "options.maxSaveAttempts",
    });
  });
});
