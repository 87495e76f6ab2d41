// A stand-in for the user's application: keeps writing through a phased repository (JSON legacy,
// SQLite target) until a line "stop" arrives on stdin, then prints what it did as JSON.
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { openFromUrl } from "@sessionkit/libsql";
import { createPhasedRepository } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";

// `libsqlUrl` (a file: URL) replaces the SQLite `db` with a libSQL target.
const { legacyRoot, db, libsqlUrl, refreshMs = 200, seed = 1 } = JSON.parse(process.argv[2]);
let stop = false;
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => {
  if (d.includes("stop")) stop = true;
});

const repo = createPhasedRepository({
  legacy: await createJsonFileRepository({ root: legacyRoot }),
  target: libsqlUrl ? await openFromUrl(libsqlUrl) : createSqliteRepository({ path: db }),
  refreshIntervalMs: refreshMs,
  onWarning: () => {},
});
let x = seed >>> 0;
const rand = () => {
  x = (x * 1103515245 + 12345) >>> 0;
  return x / 4294967296;
};
const counts = {
  created: 0,
  appended: 0,
  updated: 0,
  deleted: 0,
  expired: 0,
  errors: 0,
  phases: new Set(),
};
const mine = [];
let n = 0;
// Touch both the writer's own sessions and existing legacy sessions (the backfill copies those).
const existing = (await repo.scanSessions({ limit: 200 }))
  .filter((k) => k.appName === "app-1")
  .slice(0, 60);
process.stdout.write("ready\n");
while (!stop) {
  n++;
  counts.phases.add(await repo.currentPhase());
  try {
    const r = rand();
    if (r < 0.15 || mine.length === 0) {
      const key = { appName: "app-1", userId: `writer-${n % 5}`, sessionId: `w-${seed}-${n}` };
      await repo.createSession(key, { state: { n, "user:last": n } });
      mine.push(key);
      counts.created++;
    } else if (r < 0.6) {
      const pool = rand() < 0.5 ? mine : existing.length ? existing : mine;
      const key = pool[Math.floor(rand() * pool.length)];
      await repo.appendEvent(key, {
        author: "user",
        content: { text: `live ${n}` },
        stateDelta: { live: n },
      });
      counts.appended++;
    } else if (r < 0.75) {
      const key = mine[Math.floor(rand() * mine.length)];
      await repo.updateState(key, { "app:counter": n, step: n });
      counts.updated++;
    } else if (r < 0.85 && mine.length > 3) {
      const key = mine.splice(Math.floor(rand() * mine.length), 1)[0];
      await repo.deleteSession(key);
      counts.deleted++;
    } else {
      const key = existing.length ? existing[Math.floor(rand() * existing.length)] : mine[0];
      if (await repo.expireSession(key)) counts.expired++;
      const i = existing.indexOf(key);
      if (i >= 0) existing.splice(i, 1);
    }
  } catch (error) {
    // NOT_FOUND after an expiry is expected; anything else is reported.
    if (error?.code !== "NOT_FOUND") {
      counts.errors++;
      process.stderr.write(`${error?.message}\n`);
    }
  }
  await new Promise((r) => setTimeout(r, 5));
}
await repo.close();
process.stdin.destroy();
process.stdout.write(
  `${JSON.stringify({ ...counts, phases: [...counts.phases], total: n })}\n`,
  () => process.exit(0),
);
