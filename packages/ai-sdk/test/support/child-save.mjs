// Run by test/cross-process.test.ts in its own Node process, on the built package (dist):
// node child-save.mjs <database file> <chat id> <"save" | "recreate"> <messages as JSON>
import { createChatStore } from "@sessionkit/ai-sdk";
import { createSqliteRepository } from "@sessionkit/sqlite";

const [path, chatId, action, messagesJson] = process.argv.slice(2);
const repository = createSqliteRepository({ path });
const chats = createChatStore(repository, { appName: "tests", userId: "ada" });
if (action === "recreate") await chats.deleteChat(chatId);
const result = await chats.saveChat({ chatId, messages: JSON.parse(messagesJson) });
await repository.close();
process.stdout.write(JSON.stringify(result));
