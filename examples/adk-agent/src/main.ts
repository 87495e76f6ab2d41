#!/usr/bin/env node
// Usage: node dist/main.js <sqlite file> <session id> "message" ["message" …]
// Runs each message as one turn of an ADK Runner whose sessions live in sessionkit (SQLite),
// then prints the replies and the session's state. Run it again: the conversation resumes.
import { Runner } from "@google/adk";
import { sessionServiceFromUrl } from "@sessionkit/adk";
import { createAgent } from "./agent.js";

const [file = "adk-agent.db", sessionId = "demo", ...messages] = process.argv.slice(2);
const agent = createAgent(); // any ADK agent: LlmAgent, SequentialAgent, a workflow …
const sessionService = await sessionServiceFromUrl(`sqlite:${file}`, { maxHistoryEvents: 200 });
const runner = new Runner({ appName: "adk-agent", agent, sessionService });

const key = { appName: "adk-agent", userId: "ada", sessionId };
const existing = await sessionService.getSession(key);
console.log(
  existing ? `resuming ${sessionId}: ${existing.events.length} events` : `new session ${sessionId}`,
);
if (!existing) await sessionService.createSession(key);

for (const message of messages) {
  const turn = runner.runAsync({
    userId: key.userId,
    sessionId,
    newMessage: { role: "user", parts: [{ text: message }] },
  });
  for await (const event of turn) {
    const reply = event.content?.parts?.find((p) => p.text)?.text;
    if (reply) console.log(`${event.author}: ${reply}`);
  }
}

const session = await sessionService.getSession(key);
console.log(`stored events: ${session?.events.length}; state: ${JSON.stringify(session?.state)}`);
await sessionService.close();
