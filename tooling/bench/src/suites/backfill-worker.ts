/**
 * One backfill measured in a fresh process (so peak RSS belongs to it alone). Argument: JSON
 * { mode: "sessionkit" | "raw" | "index-alone", root, db, fulltext: "deferred" | "triggers" | "off", recheck }.
 * Prints one JSON line: events, copySeconds, indexSeconds, totalSeconds, eventsPerSecond, maxRssMB,
 * cpuSeconds (CPU time of every thread of the process over the timed work: user + system).
 *
 * - sessionkit: `backfill()` from @sessionkit/migrate, JSON-file store → SQLite adapter.
 * - raw: the floor — the same files read with fs + JSON.parse, the same rows inserted with the
 *   adapter's own statements through better-sqlite3, one transaction per 10,000 events.
 * With fulltext "deferred" both copy with the full-text triggers off and end with the index
 * complete (counted in totalSeconds), as `sessionkit-migrate backfill --defer-fulltext` does:
 * sessionkit builds it alongside the copy in a worker thread (`startSideSearchIndexBuild`) and
 * merges it at the end (`finish({ merge: true })`); the raw floor rebuilds it after the copy. With
 * "off" the target keeps full-text search off (no index: search scans).
 *
 * - index-alone: no copy. `db` is a store already filled with full-text indexing off; its search
 *   index is built on this one thread by the code the side build's worker runs (the side builder
 *   until caught up, then the merge): the CPU work the index adds to a deferred backfill.
 */
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { backfill, repositorySource } from "@sessionkit/migrate";
import { eventStatements as ev, sessionStatements as ses } from "@sessionkit/sql/statements";
import {
  createSqliteRepository,
  mergeSideSearchIndex,
  SideSearchIndexBuilder,
  startSideSearchIndexBuild,
} from "@sessionkit/sqlite";
import Database from "better-sqlite3";

interface Config {
  mode: "sessionkit" | "raw" | "index-alone";
  root: string;
  db: string;
  /** deferred: copy without the index, then build it; off: no index at all (search scans). */
  fulltext: "deferred" | "triggers" | "off";
  recheck: "full" | "keys" | "none";
}

const config = JSON.parse(process.argv[2] as string) as Config;

async function* sessionFiles(root: string): AsyncIterable<string> {
  for (const app of await readdir(join(root, "apps"))) {
    const users = join(root, "apps", app, "users");
    for (const user of await readdir(users).catch(() => [])) {
      const sessions = join(users, user, "sessions");
      for (const file of await readdir(sessions).catch(() => [])) {
        if (file.endsWith(".json")) yield join(sessions, file);
      }
    }
  }
}

interface FileSession {
  id: string;
  appName: string;
  userId: string;
  status: string;
  metadata: unknown;
  state: unknown;
  createdAt: number;
  updatedAt: number;
  expiredAt: number | null;
  revision: number;
  lastSeq: number;
  events: Array<{
    id: string;
    seq: number;
    invocationId?: string;
    author: string;
    content: unknown;
    stateDelta?: unknown;
    metadata?: unknown;
    timestamp: number;
  }>;
}

async function raw(): Promise<number> {
  const db = new Database(config.db, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  const insertSession = db.prepare(ses.insertSnapshotSession);
  const selectSession = db.prepare(ses.selectSessionByKey);
  const insertEvent = db.prepare(ev.insertSnapshotEvent);
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  let events = 0;
  let inBatch = 0;
  begin.run();
  const window: Array<Promise<string>> = [];
  const files = sessionFiles(config.root)[Symbol.asyncIterator]();
  const refill = async () => {
    while (window.length < 48) {
      const next = await files.next();
      if (next.done) return;
      const p = readFile(next.value, "utf8");
      p.catch(() => {});
      window.push(p);
    }
  };
  await refill();
  while (window.length > 0) {
    const text = await (window.shift() as Promise<string>);
    await refill();
    const s = JSON.parse(text) as FileSession;
    insertSession.run(
      s.appName,
      s.userId,
      s.id,
      s.status,
      JSON.stringify(s.state),
      JSON.stringify(s.metadata),
      s.createdAt,
      s.updatedAt,
      s.expiredAt,
      s.lastSeq,
      s.revision,
    );
    const pk = (selectSession.get(s.appName, s.userId, s.id) as { pk: number }).pk;
    for (const e of s.events) {
      insertEvent.run(
        pk,
        e.seq,
        e.id,
        e.invocationId ?? null,
        e.author,
        JSON.stringify(e.content),
        e.stateDelta === undefined ? null : JSON.stringify(e.stateDelta),
        e.metadata === undefined ? null : JSON.stringify(e.metadata),
        e.timestamp,
      );
    }
    events += s.events.length;
    inBatch += s.events.length;
    if (inBatch >= 10_000) {
      commit.run();
      begin.run();
      inBatch = 0;
    }
  }
  commit.run();
  db.close();
  return events;
}

async function sessionkit(): Promise<number> {
  const legacy = await createJsonFileRepository({ root: config.root });
  const target = createSqliteRepository({
    path: config.db,
    fullTextSearch: config.fulltext === "triggers",
  });
  const result = await backfill({
    source: repositorySource(legacy, `json:${config.root}`),
    target,
    recheck: config.recheck,
  });
  await target.close();
  await legacy.close();
  return result.events;
}

/** Builds the search index of a store filled with indexing off, on this thread. Returns its events. */
function indexAlone(): number {
  const builder = SideSearchIndexBuilder.open(config.db);
  try {
    while (builder.step(5000) > 0) {
      // until caught up
    }
  } finally {
    builder.close();
  }
  const merged = mergeSideSearchIndex(config.db);
  return merged.fromSide + merged.tokenized;
}

if (config.mode !== "index-alone") {
  // Schema first (not timed), with the full-text setting of the copy.
  const setup = createSqliteRepository({
    path: config.db,
    fullTextSearch: config.fulltext === "triggers",
  });
  await setup.health();
  await setup.close();
}

const cpuAtStart = process.cpuUsage();
const started = performance.now();
// sessionkit builds the index beside the copy on the second core, as `sessionkit-migrate
// backfill` does for an SQLite target; the raw floor builds it after the copy.
const sideBuild =
  config.mode === "sessionkit" && config.fulltext === "deferred"
    ? startSideSearchIndexBuild(config.db)
    : undefined;
const events =
  config.mode === "index-alone"
    ? indexAlone()
    : config.mode === "raw"
      ? await raw()
      : await sessionkit();
let copySeconds = (performance.now() - started) / 1000;
let indexSeconds = 0;
if (config.mode === "index-alone") {
  indexSeconds = copySeconds;
  copySeconds = 0;
} else if (config.fulltext === "deferred") {
  const t = performance.now();
  await sideBuild?.finish({ merge: true });
  const reopened = createSqliteRepository({ path: config.db, fullTextSearch: true });
  await reopened.health();
  await reopened.close();
  indexSeconds = (performance.now() - t) / 1000;
}
const totalSeconds = copySeconds + indexSeconds;
const cpu = process.cpuUsage(cpuAtStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

/** Peak RSS of this process: VmHWM (maxRSS would include the parent's peak across fork+exec). */
function peakRssMB(): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
process.stdout.write(
  `${JSON.stringify({
    mode: config.mode,
    fulltext: config.fulltext,
    recheck: config.recheck,
    events,
    copySeconds,
    indexSeconds,
    totalSeconds,
    eventsPerSecond: events / totalSeconds,
    copyEventsPerSecond: copySeconds > 0 ? events / copySeconds : 0,
    maxRssMB: peakRssMB(),
    cpuSeconds,
  })}\n`,
);
