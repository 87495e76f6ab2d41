import { openChatStore } from "@sessionkit/ai-sdk";
import { startChatServer } from "./chat-server.js";
import { createEchoModel } from "./scripted-model.js";

// `node dist/main.js` — then open the printed URL. CHAT_DB picks the store (default sqlite:chats.db).
const chats = await openChatStore(process.env.CHAT_DB ?? "sqlite:chats.db", { userId: "demo" });
const server = await startChatServer({
  chats,
  model: createEchoModel(),
  port: Number(process.env.PORT ?? 3000),
});
console.log(`chat example on ${server.url}`);
process.once("SIGINT", () => {
  void server.close().then(() => chats.close());
});
