import { type Agent, run } from "@openai/agents-core";
import { openSessionKitSessions } from "@sessionkit/openai-agents";

/** Asks `agent` one question in conversation 42, with the conversation's memory in `dbFile`. */
export async function askWithMemory(agent: Agent, dbFile: string, question: string) {
  const sessions = await openSessionKitSessions(`sqlite:${dbFile}`); // once per process
  const session = sessions.session("conversation-42", { userId: "ada" }); // one per conversation
  const result = await run(agent, question, { session }); // history read before, turn saved after
  await sessions.close(); // at shutdown
  return result.finalOutput;
}
