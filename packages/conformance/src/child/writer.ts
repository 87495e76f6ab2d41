/**
 * Cross-process writer: opens the shared store, prints "ready", waits for "go" on stdin, then
 * appends `events` events to every listed session (round robin), one awaited append at a time.
 * Each event has a fixed id (`w<writer>-<i>`), so a retried append is idempotent.
 *
 * - `create`: first creates the listed sessions; ALREADY_EXISTS is the expected outcome when
 *   several writers race to create the same session and is not an error.
 * - `retry`: an append that fails with BUSY or IO (a server outage, a missed deadline) is
 *   repeated with the same id, as an application would, up to `retry.attempts` times per event
 *   with `retry.delayMs` between attempts; every failure is still reported (in `failures`).
 *   Without it, the writer never retries and every failure is an error.
 * - `stopAfterErrors`: stop appending after this many errors (a stalled server would otherwise
 *   make every remaining event wait for its deadline).
 *
 * Prints one final JSON line: { appended, errors: [{ code, message }], failures: { code: n },
 * acknowledged: [ids] }.
 */
import type { SessionKey } from "@sessionkit/core";
import { type ChildConfig, finish, openStore, readConfig, say, waitForWord } from "./open-store.js";

interface WriterConfig extends ChildConfig {
  writer: number;
  sessions: SessionKey[];
  events: number;
  create?: boolean;
  retry?: { attempts: number; delayMs: number };
  stopAfterErrors?: number;
}

const config = readConfig<WriterConfig>();
const errors: Array<{ code: unknown; message: string }> = [];
const failures: Record<string, number> = {};
const acknowledged: string[] = [];
const codeOf = (error: unknown) => String((error as { code?: unknown }).code);
const note = (error: unknown) =>
  errors.push({ code: codeOf(error), message: String((error as Error).message) });
const retryable = (error: unknown) => ["BUSY", "IO"].includes(codeOf(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const repository = await openStore(config);
if (config.create) {
  for (const key of config.sessions) {
    await repository.createSession(key).catch((error: unknown) => {
      if (codeOf(error) !== "ALREADY_EXISTS") note(error);
    });
  }
}
say("ready");
await waitForWord("go");
let appended = 0;
writing: for (let i = 0; i < config.events; i++) {
  for (const key of config.sessions) {
    const id = `w${config.writer}-${i}`;
    const attempts = config.retry?.attempts ?? 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await repository.appendEvent(key, {
          id,
          author: `writer-${config.writer}`,
          content: { writer: config.writer, i, text: `writer ${config.writer} event ${i}` },
          stateDelta: { [`writer${config.writer}`]: i },
        });
        appended++;
        acknowledged.push(`${key.sessionId}/${id}`);
        break;
      } catch (error) {
        failures[codeOf(error)] = (failures[codeOf(error)] ?? 0) + 1;
        if (config.retry && retryable(error) && attempt < attempts) {
          await sleep(config.retry.delayMs);
          continue;
        }
        note(error);
        if (config.stopAfterErrors !== undefined && errors.length >= config.stopAfterErrors) {
          break writing;
        }
        break;
      }
    }
  }
}
await repository.close();
finish(JSON.stringify({ appended, errors, failures, acknowledged }));
