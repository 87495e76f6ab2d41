import {
  consumeStream,
  createIdGenerator,
  type IdGenerator,
  type UIMessage,
  type UIMessageStreamOnFinishCallback,
} from "ai";
import type { ChatStore } from "./chat-store.js";
import type { SaveChatResult } from "./chat-types.js";

/** What `saveOnFinish` needs: the chat and the messages the reply continues. */
export interface SaveOnFinishInput<MESSAGE extends UIMessage = UIMessage> {
  chatId: string;
  /** The chat as sent to the model (history plus the new message): the SDK's `originalMessages`. */
  messages: MESSAGE[];
  /** Server-side ids for response messages. Default `createIdGenerator({ prefix: "msg", size: 16 })`. */
  generateMessageId?: IdGenerator;
  /** Called after the chat was saved, with what `saveChat` did and the messages it saved. */
  onSaved?: (result: SaveChatResult, messages: MESSAGE[]) => void | PromiseLike<void>;
}

/** The `toUIMessageStreamResponse` options `saveOnFinish` returns. */
export interface SaveOnFinishOptions<MESSAGE extends UIMessage = UIMessage> {
  /** The messages the reply continues (persistence mode of the SDK). */
  originalMessages: MESSAGE[];
  /** Server-side ids for response messages. */
  generateMessageId: IdGenerator;
  /** Saves the finished chat with `saveChat`, then calls `onSaved`. */
  onFinish: UIMessageStreamOnFinishCallback<MESSAGE>;
  /** Reads a copy of the response stream to its end, so a disconnect does not cut the reply. */
  consumeSseStream: (options: { stream: ReadableStream<string> }) => Promise<void>;
}

const defaultMessageIds = createIdGenerator({ prefix: "msg", size: 16 });

/**
 * Options for `result.toUIMessageStreamResponse(…)` that persist the chat when the reply ends:
 * server-generated message ids, `onFinish` calling `chats.saveChat`, and `consumeSseStream`
 * reading a copy of the response stream to its end — so when the client disconnects, the reply
 * is still generated and the save gets the whole message. (Without it, ai 6 calls `onFinish` at
 * the disconnect with the message as streamed so far, even with `result.consumeStream()`.)
 * Spread your own options next to it. A failing save rejects inside `onFinish`; the SDK reports
 * it to the stream's `onError`.
 */
export function saveOnFinish<MESSAGE extends UIMessage = UIMessage>(
  chats: ChatStore,
  input: SaveOnFinishInput<MESSAGE>,
): SaveOnFinishOptions<MESSAGE> {
  const { chatId, messages, onSaved } = input;
  return {
    originalMessages: messages,
    generateMessageId: input.generateMessageId ?? defaultMessageIds,
    onFinish: async ({ messages: finished }) => {
      const result = await chats.saveChat({ chatId, messages: finished });
      await onSaved?.(result, finished);
    },
    consumeSseStream: ({ stream }) => consumeStream({ stream }),
  };
}
