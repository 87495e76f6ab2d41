/**
 * The standard memory workload, run in a child process so its peak RSS is its own:
 * `count` single appends to one session, then `reads` reads of the last 1,000 events.
 * argv: <contender> <directory> <count> <reads>. Prints one JSON line with the peak RSS.
 * Contenders: "adapter" (@sessionkit/libsql, default embedded driver), "adapter-client"
 * (@sessionkit/libsql on @libsql/client), "raw-client" (@libsql/client doing the same SQL),
 * "raw-better-sqlite3" (better-sqlite3 doing the same SQL). Each uses its own file.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { createLibsqlRepository } from "@sessionkit/libsql";
import {
  type EventRow,
  eventStatements as ev,
  type SessionRow,
  sessionStatements as ses,
  stateStatements as st,
} from "@sessionkit/sql/statements";

const [contender = "adapter", dir = ".", countText = "100000", readsText = "1000"] =
  process.argv.slice(2);
const count = Number(countText);
const reads = Number(readsText);
const APP = "bench";
const key = { appName: APP, userId: "u", sessionId: "s" };
const content = (i: number) => ({ text: `message number ${i} about the weather today` });

async function viaAdapter(embeddedDriver: "native" | "client"): Promise<void> {
  const repo = createLibsqlRepository({
    url: `file:${join(dir, `${contender}.db`)}`,
    embeddedDriver,
  });
  await repo.createSession(key);
  for (let i = 0; i < count; i++) {
    await repo.appendEvent(key, {
      author: "user",
      content: content(i),
      stateDelta: { "user:turns": i },
    });
  }
  for (let r = 0; r < reads; r++) await repo.getSession(key, { recentEvents: 1000 });
  await repo.close();
}

async function viaRawClient(): Promise<void> {
  // Setup through the adapter (schema), then the raw client runs the adapter's SQL.
  const setup = createLibsqlRepository({ url: `file:${join(dir, "raw-client.db")}` });
  await setup.createSession(key);
  await setup.close();
  const client = createClient({ url: `file:${join(dir, "raw-client.db")}`, intMode: "number" });
  await client.execute("PRAGMA synchronous = NORMAL");
  for (let i = 0; i < count; i++) {
    const tx = await client.transaction("write");
    const row = (await tx.execute({ sql: ses.selectSessionByKey, args: [APP, "u", "s"] }))
      .rows[0] as unknown as SessionRow;
    const seq = Number(row.last_seq) + 1;
    const now = Date.now();
    await tx.execute({
      sql: ev.insertEvent,
      args: [
        row.pk,
        seq,
        randomUUID(),
        null,
        "user",
        JSON.stringify(content(i)),
        JSON.stringify({ "user:turns": i }),
        null,
        now,
      ],
    });
    await tx.execute({ sql: st.upsertUserState, args: [APP, "u", "turns", JSON.stringify(i)] });
    await tx.execute({
      sql: ses.bumpSession,
      args: [row.state, seq, Number(row.revision) + 1, now, row.pk],
    });
    await tx.commit();
    tx.close();
  }
  for (let r = 0; r < reads; r++) {
    const tx = await client.transaction("read");
    const row = (await tx.execute({ sql: ses.selectSessionByKey, args: [APP, "u", "s"] }))
      .rows[0] as unknown as SessionRow;
    const rows = (
      await tx.execute({ sql: ev.selectRecentEvents(false, true), args: [row.pk, 0, 1000] })
    ).rows as unknown as EventRow[];
    await tx.execute({ sql: st.selectScopedStateForSession, args: [APP, APP, "u"] });
    await tx.commit();
    tx.close();
    rows.map((e) => JSON.parse(e.content as string));
  }
  client.close();
}

function viaBetterSqlite3(): void {
  const require = createRequire(import.meta.url);
  const Database = require("better-sqlite3") as typeof import("better-sqlite3");
  const db = new Database(join(dir, "better.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Same schema as the adapter: the shared migrations, applied by hand.
  db.exec(
    "CREATE TABLE sessions (pk INTEGER PRIMARY KEY, app_name TEXT, user_id TEXT, session_id TEXT, status TEXT, state TEXT, metadata TEXT, created_at INTEGER, updated_at INTEGER, expired_at INTEGER, last_seq INTEGER, revision INTEGER, UNIQUE (app_name, user_id, session_id))",
  );
  db.exec(
    "CREATE TABLE events (id INTEGER PRIMARY KEY, session_pk INTEGER, seq INTEGER, event_id TEXT, invocation_id TEXT, author TEXT, content TEXT, state_delta TEXT, metadata TEXT, timestamp INTEGER, UNIQUE (session_pk, seq), UNIQUE (session_pk, event_id))",
  );
  db.exec(
    "CREATE TABLE user_state (app_name TEXT, user_id TEXT, key TEXT, value TEXT, PRIMARY KEY (app_name, user_id, key)) WITHOUT ROWID",
  );
  db.exec(
    "CREATE TABLE app_state (app_name TEXT, key TEXT, value TEXT, PRIMARY KEY (app_name, key)) WITHOUT ROWID",
  );
  db.prepare(ses.insertSession).get(APP, "u", "s", "{}", "{}", Date.now(), Date.now());
  const s = {
    begin: db.prepare("BEGIN IMMEDIATE"),
    beginRead: db.prepare("BEGIN"),
    commit: db.prepare("COMMIT"),
    session: db.prepare(ses.selectSessionByKey),
    insert: db.prepare(ev.insertEvent),
    upsert: db.prepare(st.upsertUserState),
    bump: db.prepare(ses.bumpSession),
    recent: db.prepare(ev.selectRecentEvents(false, true)),
    scoped: db.prepare(st.selectScopedStateForSession),
  };
  for (let i = 0; i < count; i++) {
    const now = Date.now();
    s.begin.run();
    const row = s.session.get(APP, "u", "s") as SessionRow;
    const seq = row.last_seq + 1;
    s.insert.run(
      row.pk,
      seq,
      randomUUID(),
      null,
      "user",
      JSON.stringify(content(i)),
      JSON.stringify({ "user:turns": i }),
      null,
      now,
    );
    s.upsert.run(APP, "u", "turns", JSON.stringify(i));
    s.bump.run(row.state, seq, row.revision + 1, now, row.pk);
    s.commit.run();
  }
  for (let r = 0; r < reads; r++) {
    s.beginRead.run();
    const row = s.session.get(APP, "u", "s") as SessionRow;
    const rows = s.recent.all(row.pk, 0, 1000) as EventRow[];
    s.scoped.all(APP, APP, "u");
    s.commit.run();
    rows.map((e) => JSON.parse(e.content));
  }
  db.close();
}

/**
 * Peak RSS of THIS program: `VmHWM` of /proc/self/status (the high-water mark of the address
 * space exec created). Not `resourceUsage().maxRSS`: on Linux that survives fork+exec, so a
 * child would report its parent's peak when the parent was bigger.
 */
function peakRssBytes(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux: fall back to the sampled peak
  }
  return sampledPeak;
}
let sampledPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, 10);
sampler.unref();

const started = performance.now();
if (contender === "adapter") await viaAdapter("native");
else if (contender === "adapter-client") await viaAdapter("client");
else if (contender === "raw-client") await viaRawClient();
else if (contender === "raw-better-sqlite3") viaBetterSqlite3();
else throw new Error(`unknown contender ${contender}`);
process.stdout.write(
  `${JSON.stringify({
    contender,
    peakRssBytes: peakRssBytes(),
    seconds: (performance.now() - started) / 1000,
  })}\n`,
);
