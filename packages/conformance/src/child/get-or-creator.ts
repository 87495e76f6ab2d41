/**
 * Cross-process getOrCreateSession race: opens the shared store, prints "ready", waits for "go"
 * on stdin, then calls `getOrCreateSession` once per listed session (all at once, each with
 * state `{ creator: <writer> }`). Prints one final JSON line: { results: [{ created, revision,
 * creator }] | { error: { code, message } } per session, in the listed order }.
 */
import type { SessionKey } from "@sessionkit/core";
import { type ChildConfig, finish, openStore, readConfig, say, waitForWord } from "./open-store.js";

interface GetOrCreatorConfig extends ChildConfig {
  writer: number;
  sessions: SessionKey[];
}

const config = readConfig<GetOrCreatorConfig>();
const repository = await openStore(config);
say("ready");
await waitForWord("go");
const results = await Promise.all(
  config.sessions.map((key) =>
    repository.getOrCreateSession(key, { state: { creator: config.writer } }).then(
      ({ session, created }) => ({
        created,
        revision: session.revision,
        creator: session.state.creator,
      }),
      (error: unknown) => ({
        error: {
          code: String((error as { code?: unknown }).code),
          message: String((error as Error).message),
        },
      }),
    ),
  ),
);
await repository.close();
finish(JSON.stringify({ results }));
