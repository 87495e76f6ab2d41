// Run in a child process by the runner tests: opens the store by URL, runs one turn of the chat
// agent on an existing conversation and prints what the model saw and what the session holds.
// Imports the built package (dist) by its own name.
import { run } from "@openai/agents-core";
import { openSessionKitSessions } from "@sessionkit/openai-agents";
import { chatAgent } from "./chat-agent.mjs";

const [url, sessionId, userId, message] = process.argv.slice(2);
const sessions = await openSessionKitSessions(url);
try {
  const session = sessions.session(sessionId, { userId });
  const { agent, model } = chatAgent();
  const result = await run(agent, message, { session });
  const items = await session.getItems();
  process.stdout.write(
    JSON.stringify({ finalOutput: result.finalOutput, modelInput: model.inputs[0], items }),
  );
} finally {
  await sessions.close();
}
