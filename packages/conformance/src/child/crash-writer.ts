/**
 * Crash-test writer: opens the store, prints "ready", then appends events c<from>, c<from+1>, …
 * to one session as fast as it can, printing "ack <i>" after each append resolved, until killed.
 * With `callers` > 1, that many async callers append at once (caller c takes from+c,
 * from+c+callers, …), as a server handling many requests does (SQL adapters coalesce them: group
 * commit).
 * Each event carries a payload and a checksum so that a torn write is detectable, and a state
 * delta { last: i } so that event and state atomicity is checkable.
 */
import type { SessionKey } from "@sessionkit/core";
import { crashEvent } from "./crash-event.js";
import { type ChildConfig, finish, openStore, readConfig, say } from "./open-store.js";

interface CrashConfig extends ChildConfig {
  key: SessionKey;
  from: number;
  count: number;
  callers?: number;
}

const config = readConfig<CrashConfig>();
const repository = await openStore(config);
say("ready");
const callers = config.callers ?? 1;
await Promise.all(
  Array.from({ length: callers }, async (_, caller) => {
    for (let i = config.from + caller; i < config.from + config.count; i += callers) {
      await repository.appendEvent(config.key, crashEvent(i));
      say(`ack ${i}`);
    }
  }),
);
await repository.close();
finish("done");
