import { MockLanguageModelV3, simulateReadableStream } from "ai/test";

type CallOptions = Parameters<MockLanguageModelV3["doStream"]>[0];
type StreamResult = Awaited<ReturnType<MockLanguageModelV3["doStream"]>>;
type StreamPart = StreamResult["stream"] extends ReadableStream<infer P> ? P : never;

/** The text of the last user message of a model prompt. */
function lastUserText(options: CallOptions): string {
  for (let i = options.prompt.length - 1; i >= 0; i--) {
    const message = options.prompt[i];
    if (message?.role !== "user") continue;
    return message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  }
  return "";
}

/**
 * An offline stand-in for a real model, built on the AI SDK's own MockLanguageModelV3: it answers
 * `Reply N: you said "…"` and streams it word by word, `chunkDelayInMs` apart, through the SDK's
 * simulateReadableStream. Swap it for `openai("gpt-4o")` or any provider in a real app.
 */
export function createEchoModel(chunkDelayInMs = 10): MockLanguageModelV3 {
  let replies = 0;
  return new MockLanguageModelV3({
    doStream: async (options) => {
      replies++;
      const words = `Reply ${replies}: you said "${lastUserText(options)}"`.split(/(?<= )/);
      const chunks: StreamPart[] = [
        { type: "stream-start", warnings: [] },
        { type: "text-start", id: "text" },
        ...words.map((delta): StreamPart => ({ type: "text-delta", id: "text", delta })),
        { type: "text-end", id: "text" },
        {
          type: "finish",
          finishReason: { unified: "stop", raw: "stop" },
          usage: {
            inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
            outputTokens: { total: words.length, text: words.length, reasoning: undefined },
          },
        },
      ];
      return { stream: simulateReadableStream({ chunks, chunkDelayInMs }) };
    },
  });
}
