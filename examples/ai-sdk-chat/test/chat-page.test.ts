import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChatStore, createChatStore } from "@sessionkit/ai-sdk";
import type { SessionRepository } from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningChatServer, startChatServer } from "../src/chat-server.js";
import { createEchoModel } from "../src/scripted-model.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
const skipReason = `${CHROMIUM} is missing (install Debian's chromium: apt-get install chromium); skipped outside CI, fails in CI`;

describe.skipIf(!hasChromium && !inCi)(
  `the chat page in headless Chromium (${hasChromium ? CHROMIUM : skipReason})`,
  () => {
    let dir: string;
    let repository: SessionRepository;
    let chats: ChatStore;
    let server: RunningChatServer;
    let browser: Browser;

    beforeAll(async () => {
      if (!hasChromium) throw new Error(`CI: ${skipReason}`);
      dir = mkdtempSync(join(tmpdir(), "ai-sdk-chat-"));
      repository = createSqliteRepository({ path: join(dir, "chats.db") });
      chats = createChatStore(repository, { userId: "demo" });
      server = await startChatServer({ chats, model: createEchoModel(5) });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--no-sandbox"],
        headless: true,
      });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await repository?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("sends two messages, streams both replies, and shows the history after a reload", async () => {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForSelector("body[data-loaded='true']");
      const chatId = new URL(page.url()).searchParams.get("chat") ?? "";
      expect(chatId).not.toBe("");

      for (const text of ["Hello there", "Second message"]) {
        await page.fill("#input", text);
        await page.click("#send");
        await page.waitForSelector(
          `li.assistant[data-done='true'] >> nth=${text === "Hello there" ? 0 : 1}`,
        );
      }
      const streamed = await page.locator("#messages li").allTextContents();
      expect(streamed).toEqual([
        "Hello there",
        'Reply 1: you said "Hello there"',
        "Second message",
        'Reply 2: you said "Second message"',
      ]);

      await page.reload();
      await page.waitForSelector("body[data-loaded='true']");
      expect(new URL(page.url()).searchParams.get("chat")).toBe(chatId);
      expect(await page.locator("#messages li").allTextContents()).toEqual(streamed);
      expect(
        await page.locator("#messages li").evaluateAll((items) => items.map((i) => i.className)),
      ).toEqual(["user", "assistant", "user", "assistant"]);

      // The page shows what the store holds.
      const stored = await chats.loadChat(chatId);
      expect(stored.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
      const listed = await chats.listChats();
      expect(listed.chats.map((c) => [c.chatId, c.title])).toEqual([[chatId, "Hello there"]]);
      await page.close();
    });

    it("answers bad input with 400 and the reason, storing nothing", async () => {
      const response = await fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chatId: "", message: { id: "m", role: "user", parts: [] } }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/chatId/);
    });
  },
);
