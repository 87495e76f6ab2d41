import { MockLanguageModelV3, simulateReadableStream } from "ai/test";

type StreamResult = Awaited<ReturnType<MockLanguageModelV3["doStream"]>>;
/** One part of a language model's stream (the provider spec's LanguageModelV3StreamPart). */
export type StreamPart = StreamResult["stream"] extends ReadableStream<infer P> ? P : never;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A reply streaming `text` word by word, then finishing with "stop". */
export function textReply(text: string): StreamPart[] {
  const words = text.split(/(?<= )/);
  return [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t" },
    ...words.map((delta): StreamPart => ({ type: "text-delta", id: "t", delta })),
    { type: "text-end", id: "t" },
    { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
  ];
}

/** A reply calling one tool, finishing with "tool-calls". */
export function toolCallReply(toolCallId: string, toolName: string, input: object): StreamPart[] {
  return [
    { type: "stream-start", warnings: [] },
    { type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) },
    { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
  ];
}

/**
 * The AI SDK's own mock language model, answering each `doStream` call with the next scripted
 * reply (streamed through the SDK's simulateReadableStream, `chunkDelayInMs` between parts).
 * Throws when the script is exhausted, so a test never gets an answer it did not write.
 */
export function scriptedModel(replies: StreamPart[][], chunkDelayInMs = 0): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    doStream: async () => {
      const chunks = replies[call++];
      if (chunks === undefined)
        throw new Error(`scripted model: no reply scripted for call ${call}`);
      return { stream: simulateReadableStream({ chunks, chunkDelayInMs }) };
    },
  });
}
