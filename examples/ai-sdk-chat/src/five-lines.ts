import { openChatStore, saveOnFinish, withClientMessage } from "@sessionkit/ai-sdk";
import { convertToModelMessages, type LanguageModel, streamText, type UIMessage } from "ai";

/** A chat route (`POST /api/chat` with `{ id, message }`) whose chats live in `dbUrl`. */
export async function createChatRoute(dbUrl: string, model: LanguageModel) {
  const chats = await openChatStore(dbUrl); // once per process, e.g. "sqlite:chats.db"
  async function POST(request: Request): Promise<Response> {
    const { id, message } = (await request.json()) as { id: string; message: UIMessage };
    const messages = withClientMessage(await chats.loadChat(id), message); // history + new message
    const result = streamText({ model, messages: await convertToModelMessages(messages) });
    return result.toUIMessageStreamResponse(saveOnFinish(chats, { chatId: id, messages })); // saved at the end, also after a disconnect
  }
  return { POST, chats };
}
