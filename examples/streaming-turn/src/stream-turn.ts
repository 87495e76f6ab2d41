#!/usr/bin/env node
/**
 * A streaming assistant turn: `node dist/stream-turn.js <db file>`.
 *
 * 1. starts a second process (dist/watcher.js) watching the session on the same SQLite file
 *    (as a web server relaying tokens to a browser would, while a worker generates them);
 * 2. watches the session in this process too;
 * 3. stores the user's message and waits until both watchers have it: a watch may read where it
 *    starts asynchronously, and partial events appended before it is live are not replayed;
 * 4. streams the answer as `partial: true` events (never part of the event log: live watchers
 *    receive them), then stores the complete answer as one event.
 *
 * Both watchers receive the user's message, the partial chunks in order and the final answer.
 * The SQLite adapter keeps partial events for a minute outside the event log
 * (`capabilities.watchPartials` is "cross-process"), so the other process reads them when it
 * notices the write (SQLite's `data_version`, polled every 50 ms while someone watches).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SessionEvent } from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { Received } from "./received.js";
import { key, textOf } from "./shared.js";

const dbPath = process.argv[2];
if (!dbPath) {
  process.stderr.write("usage: stream-turn <db file>\n");
  process.exit(2);
}

const repo = createSqliteRepository({ path: dbPath });
await repo.getOrCreateSession(key, { recentEvents: 0 });

// The second process; it prints `ready` as it starts watching (its watch may still be starting:
// see below), then one JSON line per event.
const child = spawn(
  process.execPath,
  [fileURLToPath(new URL("./watcher.js", import.meta.url)), dbPath],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const other = new Received();
const childDone = new Promise<number | null>((resolve) => child.once("exit", resolve));
const ready = new Promise<void>((resolve, reject) => {
  child.once("exit", (code) => reject(new Error(`watcher exited early with ${code}`)));
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line === "ready") resolve();
    else other.push(JSON.parse(line) as SessionEvent);
  });
});
await ready;

// The watcher in this process.
const before = (await repo.getSession(key, { recentEvents: 0 }))?.lastSeq ?? 0;
const here = new Received();
const watching = (async () => {
  for await (const event of repo.watch(key, { afterSeq: before })) {
    here.push(event);
    if (event.author === "assistant" && !event.partial) return;
  }
})();

const question = await repo.appendEvent(key, {
  author: "user",
  content: { text: "Why is the sky blue?" },
});
// Both watchers have the question, so both are live before the first token.
await Promise.all([
  here.untilSeq(question.seq, "the watcher in this process"),
  other.untilSeq(question.seq, "the watcher in the other process"),
]);
const chunks = [
  "Sunlight ",
  "scatters ",
  "off ",
  "air ",
  "molecules; ",
  "blue ",
  "scatters ",
  "most.",
];
for (const chunk of chunks) {
  await repo.appendEvent(key, { author: "assistant", content: { text: chunk }, partial: true });
  await new Promise((resolve) => setTimeout(resolve, 20)); // tokens arrive over time
}
const final = await repo.appendEvent(key, {
  author: "assistant",
  content: { text: chunks.join("") },
});

await watching;
const exitCode = await childDone;
await repo.close();

const describe = (events: SessionEvent[]) => {
  const partial = events.filter((e) => e.partial).length;
  const stored = events.filter((e) => !e.partial).map((e) => `#${e.seq} ${e.author}`);
  return `${partial} partial, stored: ${stored.join(", ")}`;
};
const streamed = (events: SessionEvent[]) =>
  events
    .filter((e) => e.partial)
    .map(textOf)
    .join("|");
process.stdout.write(
  [
    `final answer (seq ${final.seq}): ${textOf(final)}`,
    `streamed in this process:  ${streamed(here.events)}`,
    `streamed to other process: ${streamed(other.events)}`,
    `watcher in this process:  ${describe(here.events)}`,
    `watcher in other process: ${describe(other.events)} (exit ${exitCode})`,
    "",
  ].join("\n"),
);
