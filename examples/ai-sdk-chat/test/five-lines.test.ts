import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createChatRoute } from "../src/five-lines.js";
import { createEchoModel } from "../src/scripted-model.js";

const dir = mkdtempSync(join(tmpdir(), "ai-sdk-five-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function post(id: string, text: string, messageId: string): Request {
  return new Request("http://localhost/api/chat", {
    method: "POST",
    body: JSON.stringify({
      id,
      message: { id: messageId, role: "user", parts: [{ type: "text", text }] },
    }),
  });
}

describe("docs/ai-sdk.md: persistent memory in five lines", () => {
  it("remembers the chat across route instances (a restarted server)", async () => {
    const url = `sqlite:${join(dir, "chats.db")}`;
    const first = await createChatRoute(url, createEchoModel(0));
    expect(await (await first.POST(post("chat-1", "Hi, I am Ada", "m1"))).text()).toContain("Ada");
    await first.chats.close();

    const second = await createChatRoute(url, createEchoModel(0));
    await (await second.POST(post("chat-1", "Who am I?", "m2"))).text();
    const history = await second.chats.loadChat("chat-1");
    expect(history.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(history[0]?.parts).toEqual([{ type: "text", text: "Hi, I am Ada" }]);

    // regenerate(): the client sends its last user message again; the answer is replaced.
    await (await second.POST(post("chat-1", "Who am I?", "m2"))).text();
    const regenerated = await second.chats.loadChat("chat-1");
    expect(regenerated.map((m) => m.id).slice(0, 3)).toEqual(history.map((m) => m.id).slice(0, 3));
    expect(regenerated).toHaveLength(4);
    expect(regenerated[3]?.id).not.toBe(history[3]?.id);
    await second.chats.close();
  });
});
