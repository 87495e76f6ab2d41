#!/usr/bin/env node
/**
 * A minimal chat loop that persists every message: `node dist/main.js <db file> [session id]`,
 * then type lines (or pipe them in). Run it again with the same session id and the conversation
 * resumes where it stopped — the history and the `user:` state survived the restart.
 */
import { createInterface } from "node:readline";
import type { SessionKey } from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { chatTurn } from "./chat-turn.js";

const [dbPath, sessionId = "demo"] = process.argv.slice(2);
if (!dbPath) {
  process.stderr.write("usage: chat-loop <db file> [session id]\n");
  process.exit(2);
}

const repo = createSqliteRepository({ path: dbPath });
const key: SessionKey = { appName: "chat-loop", userId: "local-user", sessionId };

// One call, safe when two processes start the same session at once: exactly one creates it.
const { session: existing, created } = await repo.getOrCreateSession(key, {
  metadata: { title: "chat-loop example" },
  recentEvents: 0,
});
if (created) {
  process.stdout.write(`new session ${sessionId}\n`);
} else {
  const name = typeof existing.state["user:name"] === "string" ? existing.state["user:name"] : "";
  process.stdout.write(
    `resuming session ${sessionId}: ${existing.lastSeq} messages${name ? `, user ${name}` : ""}\n`,
  );
}

const lines = createInterface({ input: process.stdin, terminal: false });
let seq = existing.lastSeq;
for await (const line of lines) {
  const text = line.trim();
  if (!text) continue;
  // The turn id derives from the history, so re-running a crashed turn reuses the same event ids.
  const { answer, lastSeq } = await chatTurn(repo, key, `turn-after-${seq}`, text);
  seq = lastSeq;
  process.stdout.write(`assistant: ${answer}\n`);
}

const session = await repo.getSession(key, { recentEvents: 0 });
process.stdout.write(`stored messages: ${session?.lastSeq ?? 0}\n`);
await repo.close();
