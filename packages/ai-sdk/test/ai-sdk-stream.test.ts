import { type InferUITools, tool, type UIDataTypes, type UIMessage, validateUIMessages } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Backend, backends } from "./support/backends.js";
import { useChatFixture } from "./support/chat-fixture.js";
import { chatRoute, type DisconnectHandling } from "./support/chat-route.js";
import { userText } from "./support/messages.js";
import { scriptedModel, textReply, toolCallReply } from "./support/scripted-model.js";

const tools = {
  getWeather: tool({
    description: "The weather in a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, forecast: "sunny" }),
  }),
  // No execute: the client answers it (addToolOutput), so the assistant message grows later.
  confirm: tool({
    description: "Ask the user to confirm",
    inputSchema: z.object({ question: z.string() }),
  }),
};

/** The chat's messages typed with these tools, as validateUIMessages checks them. */
type ToolMessage = UIMessage<unknown, UIDataTypes, InferUITools<typeof tools>>;

describe.each(backends)(
  "the real AI SDK stream helpers saving through onFinish on $name",
  (backend: Backend) => {
    const fx = useChatFixture(backend, "sdk-tests");

    it("persists several turns — a server tool, a client tool whose message grows, a regenerated answer — and reloads them", async () => {
      const model = scriptedModel([
        textReply("Hello Ada, how can I help?"),
        toolCallReply("call-1", "getWeather", { city: "Paris" }),
        textReply("It is sunny in Paris."),
        toolCallReply("call-2", "confirm", { question: "Book a table for two?" }),
        textReply("Booked for two."),
        textReply("Your table is booked (regenerated)."),
      ]);
      const route = chatRoute(fx.chats, model, tools);
      /** Posts the chat, reads the whole streamed reply, and waits for the save. */
      const post = async (messages: UIMessage[]) => {
        const answer = await route("c1", messages);
        const text = await answer.response.text();
        return { text, ...(await answer.saved) };
      };

      // Turn 1: plain text.
      let messages: UIMessage[] = [userText("u1", "Hi")];
      let saved = await post(messages);
      expect(saved.text).toContain('"delta":"help?"');
      expect(saved.result).toEqual({ appendedEvents: 2, created: true });
      messages = saved.messages;
      expect(await fx.chats.loadChat("c1")).toEqual(messages);

      // Turn 2: a server-side tool, then text, in one assistant message.
      messages = [...messages, userText("u2", "Weather in Paris?")];
      saved = await post(messages);
      expect(saved.result.appendedEvents).toBe(2);
      messages = saved.messages;
      const weather = messages.at(-1) as UIMessage;
      expect(weather.parts.map((p) => p.type)).toEqual([
        "step-start",
        "tool-getWeather",
        "step-start",
        "text",
      ]);
      expect(await fx.chats.loadChat("c1")).toEqual(messages);

      // Turn 3: a client-side tool call ends the stream with the tool part waiting for input.
      messages = [...messages, userText("u3", "Book a table")];
      messages = (await post(messages)).messages;
      const waiting = messages.at(-1) as UIMessage;
      expect(waiting.parts.at(-1)).toMatchObject({
        type: "tool-confirm",
        state: "input-available",
      });
      expect(await fx.chats.loadChat("c1")).toEqual(messages);

      // The client answers the tool (what addToolOutput does) and posts again: the SDK continues
      // the same assistant message, whose parts grow; it is recorded as an "updated" event.
      const answered: UIMessage = {
        ...waiting,
        parts: waiting.parts.map((part) =>
          part.type === "tool-confirm"
            ? { ...part, state: "output-available", output: "yes" }
            : part,
        ) as UIMessage["parts"],
      };
      messages = [...messages.slice(0, -1), answered];
      saved = await post(messages);
      expect(saved.result.appendedEvents).toBe(1);
      messages = saved.messages;
      const grown = messages.at(-1) as UIMessage;
      expect(grown.id).toBe(waiting.id);
      expect(grown.parts.length).toBeGreaterThan(waiting.parts.length);
      expect(grown.parts.at(-1)).toMatchObject({ type: "text", text: "Booked for two." });
      const afterGrowth = await fx.repository.getSession(fx.key("c1"));
      expect(afterGrowth?.events?.at(-1)?.content).toMatchObject({
        type: "ui-message",
        change: "updated",
      });

      // Regenerate: the client drops the last answer and posts; a new message id replaces it.
      saved = await post(messages.slice(0, -1));
      expect(saved.result.appendedEvents).toBe(2);
      const regenerated = saved.messages;
      expect(regenerated.at(-1)?.id).not.toBe(grown.id);
      const log = (await fx.repository.getSession(fx.key("c1")))?.events ?? [];
      expect(log.at(-2)?.content).toMatchObject({
        type: "ui-truncate",
        removedMessageIds: [grown.id],
      });

      // Reload through a new repository on the same file: the chat is what onFinish saw last,
      // valid UIMessages for the SDK, and the whole history (both versions) is still in the log.
      await fx.reopen();
      const reloaded = await fx.chats.loadChat("c1");
      expect(reloaded).toEqual(JSON.parse(JSON.stringify(regenerated)));
      await expect(
        validateUIMessages<ToolMessage>({ messages: reloaded, tools }),
      ).resolves.toHaveLength(6);
      const stored = (await fx.repository.getSession(fx.key("c1")))?.events ?? [];
      expect(stored).toHaveLength(log.length);
      expect(model.doStreamCalls).toHaveLength(6);
    });

    const slowReply = "This answer streams slowly, word by word, and the client leaves early.";

    async function disconnectAfterFirstChunk(handling: DisconnectHandling) {
      const route = chatRoute(fx.chats, scriptedModel([textReply(slowReply)], 15), {}, handling);
      const answer = await route("c2", [userText("u1", "Tell me something long")]);
      const reader = (answer.response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      await reader.cancel(); // the browser tab closed
      await answer.saved;
      return fx.chats.loadChat("c2");
    }

    it("saves the whole reply after the client disconnects mid-stream (saveOnFinish + consumeStream)", async () => {
      const loaded = await disconnectAfterFirstChunk("saveOnFinish");
      expect(loaded).toHaveLength(2);
      expect(loaded[1]?.parts.at(-1)).toMatchObject({
        type: "text",
        text: slowReply,
        state: "done",
      });
    });

    it("with the guide's consumeStream() alone, ai 6 saves the reply as streamed when the client left", async () => {
      // What saveOnFinish's consumeSseStream fixes: onFinish runs at the disconnect.
      const loaded = await disconnectAfterFirstChunk("consumeStream-only");
      expect(loaded).toHaveLength(2);
      expect(loaded[1]?.parts.some((p) => p.type === "text" && p.text === slowReply)).toBe(false);
    });

    it("keeps one copy when onFinish's save is retried (a lost acknowledgement)", async () => {
      const route = chatRoute(fx.chats, scriptedModel([textReply("Once.")]));
      const answer = await route("c3", [userText("u1", "Say it once")]);
      await answer.response.text();
      const { messages } = await answer.saved;
      const before = await fx.repository.getSession(fx.key("c3"));
      expect(await fx.chats.saveChat({ chatId: "c3", messages })).toEqual({
        appendedEvents: 0,
        created: false,
      });
      const after = await fx.repository.getSession(fx.key("c3"));
      expect(after?.revision).toBe(before?.revision);
      expect(after?.events).toEqual(before?.events);
    });
  },
);
