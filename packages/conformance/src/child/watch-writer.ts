/**
 * Cross-process watch driver: opens the store, prints "ready", then for every "append <id>" (or
 * "partial <id>": a partial event) line on stdin appends that event and prints
 * "ack <id> <epoch ms>" once the append resolved.
 * Exits on "exit".
 */

import { createInterface } from "node:readline";
import type { SessionKey } from "@sessionkit/core";
import { type ChildConfig, finish, openStore, readConfig, say } from "./open-store.js";

interface WatchWriterConfig extends ChildConfig {
  key: SessionKey;
}

const config = readConfig<WatchWriterConfig>();
const repository = await openStore(config);
say("ready");
for await (const line of createInterface({ input: process.stdin })) {
  const [command, id] = line.split(" ");
  if (command === "exit") break;
  if (command === "append" && id) {
    await repository.appendEvent(config.key, { id, author: "other-process", content: { id } });
    say(`ack ${id} ${Date.now()}`);
  }
  if (command === "partial" && id) {
    await repository.appendEvent(config.key, {
      id,
      author: "other-process",
      content: { id, chunk: true },
      partial: true,
    });
    say(`ack ${id} ${Date.now()}`);
  }
}
await repository.close();
finish("closed");
