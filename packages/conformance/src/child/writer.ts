/**
 * Cross-process writer: opens the shared store, prints "ready", waits for "go" on stdin, then
 * appends `events` events to every listed session (round robin), never stopping at an error.
 * With `create`, first creates the listed sessions (two processes opening a fresh store at once
 * must both succeed). Prints one final JSON line: { "appended": n, "errors": [{ code, message }] }.
 */
import type { SessionKey } from "@sessionkit/core";
import { type ChildConfig, finish, openStore, readConfig, say, waitForWord } from "./open-store.js";

interface WriterConfig extends ChildConfig {
  writer: number;
  sessions: SessionKey[];
  events: number;
  /** Create the listed sessions first (each writer its own), right after opening. */
  create?: boolean;
}

const config = readConfig<WriterConfig>();
const errors: Array<{ code: unknown; message: string }> = [];
const note = (error: unknown) =>
  errors.push({
    code: (error as { code?: unknown }).code,
    message: String((error as Error).message),
  });
const repository = await openStore(config);
if (config.create) {
  for (const key of config.sessions) await repository.createSession(key).catch(note);
}
say("ready");
await waitForWord("go");
let appended = 0;
for (let i = 0; i < config.events; i++) {
  for (const key of config.sessions) {
    try {
      await repository.appendEvent(key, {
        id: `w${config.writer}-${i}`,
        author: `writer-${config.writer}`,
        content: { writer: config.writer, i, text: `writer ${config.writer} event ${i}` },
        stateDelta: { [`writer${config.writer}`]: i },
      });
      appended++;
    } catch (error) {
      errors.push({
        code: (error as { code?: unknown }).code,
        message: String((error as Error).message),
      });
    }
  }
}
await repository.close();
finish(JSON.stringify({ appended, errors }));
