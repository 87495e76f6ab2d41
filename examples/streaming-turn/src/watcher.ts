#!/usr/bin/env node
/**
 * The second process: `node dist/watcher.js <db file>`. Opens the same SQLite file and watches
 * the session. Writes by another process are noticed through SQLite's `data_version` (polled
 * every 50 ms while someone watches), so every event — stored, and partial chunks kept briefly
 * outside the event log — arrives within the 250 ms bound. Prints `ready`, then one JSON line
 * per event, and exits after the assistant's final answer.
 */
import { createSqliteRepository } from "@sessionkit/sqlite";
import { key } from "./shared.js";

const dbPath = process.argv[2];
if (!dbPath) {
  process.stderr.write("usage: watcher <db file>\n");
  process.exit(2);
}

const repo = createSqliteRepository({ path: dbPath });
const session = await repo.getSession(key, { recentEvents: 0 });
if (!session) throw new Error("create the session before starting the watcher");

const stop = new AbortController();
const timer = setTimeout(() => stop.abort(), 15_000);
process.stdout.write("ready\n");
// afterSeq: start right after what is stored now, so nothing appended from here on is missed.
for await (const event of repo.watch(key, { afterSeq: session.lastSeq, signal: stop.signal })) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
  if (event.author === "assistant" && !event.partial) break;
}
clearTimeout(timer);
await repo.close();
