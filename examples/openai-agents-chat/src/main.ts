// A terminal chat whose memory survives restarts: every line on stdin is one turn of the
// conversation <conversation-id>, stored in the SQLite file <db-file>.
// Usage: node dist/main.js <db-file> <conversation-id>
import { createInterface } from "node:readline";
import { run } from "@openai/agents-core";
import { openSessionKitSessions } from "@sessionkit/openai-agents";
import { createAssistant } from "./assistant.js";

const [dbFile, conversationId] = process.argv.slice(2);
if (!dbFile || !conversationId) {
  console.error("usage: node dist/main.js <db-file> <conversation-id>");
  process.exit(2);
}

const agent = createAssistant();
const sessions = await openSessionKitSessions(`sqlite:${dbFile}`);
const session = sessions.session(conversationId);
console.log(`conversation ${conversationId}: ${(await session.getItems()).length} stored items`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const result = await run(agent, line, { session });
  console.log(`assistant: ${result.finalOutput}`);
}
console.log(`stored items: ${(await session.getItems()).length}`);
await sessions.close();
