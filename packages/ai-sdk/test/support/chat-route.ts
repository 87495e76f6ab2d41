import {
  convertToModelMessages,
  type LanguageModel,
  stepCountIs,
  streamText,
  type ToolSet,
  type UIMessage,
} from "ai";
import { type ChatStore, type SaveChatResult, saveOnFinish } from "../../src/index.js";

/** What the route returns: the streamed response, and the save `onFinish` started. */
export interface RouteAnswer {
  response: Response;
  /** Settles when `saveChat` in `onFinish` is done (also after the client went away). */
  saved: Promise<{ result: SaveChatResult; messages: UIMessage[] }>;
}

/** How the route keeps the generation going when the client leaves. */
export type DisconnectHandling = "saveOnFinish" | "consumeStream-only";

/**
 * A chat route the way the AI SDK's persistence guide writes it — the client posts every
 * message, `result.consumeStream()` is called without awaiting, the reply streams with
 * server-generated ids and `onFinish` saves — with this package's `saveOnFinish` options, or,
 * for comparison, the guide's `onFinish` alone.
 */
export function chatRoute(
  chats: ChatStore,
  model: LanguageModel,
  tools: ToolSet = {},
  handling: DisconnectHandling = "saveOnFinish",
) {
  return async (chatId: string, messages: UIMessage[]): Promise<RouteAnswer> => {
    const result = streamText({
      model,
      messages: await convertToModelMessages(messages, { tools }),
      tools,
      stopWhen: stepCountIs(3),
    });
    void result.consumeStream();
    let settle: (value: { result: SaveChatResult; messages: UIMessage[] }) => void = () => {};
    const saved = new Promise<{ result: SaveChatResult; messages: UIMessage[] }>((resolve) => {
      settle = resolve;
    });
    const options = saveOnFinish(chats, {
      chatId,
      messages,
      onSaved: (saveResult, all) => settle({ result: saveResult, messages: all }),
    });
    if (handling === "consumeStream-only") {
      const { consumeSseStream: _unused, ...guideOnly } = options;
      return { response: result.toUIMessageStreamResponse(guideOnly), saved };
    }
    return { response: result.toUIMessageStreamResponse(options), saved };
  };
}
