/**
 * The demo's stand-in for a running application: a separate process that keeps writing through
 * `createPhasedRepository` (JSON legacy store + SQLite target) — new sessions, appends with state
 * deltas to new and existing sessions — until "stop" arrives on stdin, then prints its counts as
 * one JSON line. Argument: JSON { legacyRoot, db }.
 */
import { type SessionKey, SessionKitError } from "@sessionkit/core";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createPhasedRepository } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";

const { legacyRoot, db } = JSON.parse(process.argv[2] as string) as {
  legacyRoot: string;
  db: string;
};

let stop = false;
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  if (chunk.includes("stop")) stop = true;
});

const repo = createPhasedRepository({
  legacy: await createJsonFileRepository({ root: legacyRoot }),
  target: createSqliteRepository({ path: db }),
  refreshIntervalMs: 250,
  onWarning: () => {},
});
const counts = { created: 0, appended: 0, errors: 0 };
const mine: SessionKey[] = [];
const existing = await repo.scanSessions({ limit: 100 });
process.stdout.write("ready\n");

for (let n = 1; !stop; n++) {
  try {
    if (n % 5 === 1 || mine.length === 0) {
      const key = { appName: "app-1", userId: `live-user-${n % 3}`, sessionId: `live-${n}` };
      await repo.createSession(key, { state: { topic: "demo", "user:lastSeen": n } });
      mine.push(key);
      counts.created++;
    } else {
      const pool = n % 2 === 0 || existing.length === 0 ? mine : existing;
      const key = pool[n % pool.length] as SessionKey;
      await repo.appendEvent(key, {
        author: n % 3 === 0 ? "assistant" : "user",
        content: { role: "user", parts: [{ text: `live message ${n} while the backfill runs` }] },
        stateDelta: { turn: n, "user:lastSeen": n },
      });
      counts.appended++;
    }
  } catch (error) {
    // An expired legacy session refuses appends (NOT_FOUND); anything else is counted.
    if (!(error instanceof SessionKitError && error.code === "NOT_FOUND")) counts.errors++;
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await repo.close();
process.stdin.destroy();
process.stdout.write(`${JSON.stringify(counts)}\n`, () => process.exit(0));
