import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { open, readFile, rename } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import {
  fsyncDirectory,
  StoreLayout,
  serializeSessionFile,
} from "@sessionkit/json-file-store/format";
import { generateLegacyStore } from "@sessionkit/sample-data";
import { createSqliteRepository } from "@sessionkit/sqlite";
import type { BenchContext, BenchSuite } from "../suite.js";

const APP = "bench";
const us = (x: number) => `${x.toFixed(1)} µs`;
const ms = (x: number) => `${(x / 1000).toFixed(2)} ms`;

/**
 * The floor of a durable JSON append: read the file, parse, push, serialize, write a temp file,
 * fsync, rename, fsync the directory. No locks, no validation, no state files.
 */
async function rawDurableAppend(file: string, i: number): Promise<void> {
  const session = JSON.parse(await readFile(file, "utf8"));
  const seq = session.lastSeq + 1;
  session.events.push({
    id: `e${seq}`,
    seq,
    author: "user",
    content: { text: `message number ${i} about the weather today` },
    timestamp: Date.now(),
  });
  session.lastSeq = seq;
  session.revision += 1;
  session.updatedAt = Date.now();
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const handle = await open(temp, "wx");
  await handle.writeFile(serializeSessionFile(session));
  await handle.sync();
  await handle.close();
  await rename(temp, file);
  await fsyncDirectory(dirname(file));
}

async function appendWorkloads(ctx: BenchContext): Promise<void> {
  const root = join(ctx.tempDir(), "append");
  const json = await createJsonFileRepository({ root, create: true });
  const sqlite = createSqliteRepository({ path: join(ctx.tempDir(), "append.db") });
  const key = { appName: APP, userId: "u", sessionId: "s" };
  const rawKey = { appName: APP, userId: "raw", sessionId: "s" };
  await json.createSession(key);
  await json.createSession(rawKey);
  await sqlite.createSession(key);
  const rawFile = new StoreLayout(root).sessionFile(APP, "raw", "s");
  const event = (i: number) => ({
    author: "user",
    content: { text: `message number ${i} about the weather today` },
  });
  const iterations = ctx.quick ? 100 : 300;
  await ctx.compare({
    workload: "json appendEvent vs the raw durable-JSON floor (read, rewrite, fsync, rename)",
    baseline: { label: "raw fs floor", run: (i) => rawDurableAppend(rawFile, i) },
    candidate: {
      label: "@sessionkit/json-file-store",
      run: (i) => json.appendEvent(key, event(i)),
    },
    iterations,
    target: 2,
    note: (b, c) => `floor ${ms(b.p50)}, adapter ${ms(c.p50)} per append (locks, validation)`,
  });
  const key2 = { appName: APP, userId: "u", sessionId: "s2" };
  await json.createSession(key2);
  await sqlite.createSession(key2);
  await ctx.compare({
    workload: "appendEvent with a user: delta: sqlite vs json-file-store (informational)",
    baseline: {
      label: "@sessionkit/sqlite",
      run: (i) => sqlite.appendEvent(key2, { ...event(i), stateDelta: { "user:turns": i } }),
    },
    candidate: {
      label: "@sessionkit/json-file-store",
      run: (i) => json.appendEvent(key2, { ...event(i), stateDelta: { "user:turns": i } }),
    },
    iterations,
    note: (b, c) => `sqlite ${us(b.p50)}, json ${ms(c.p50)} per append`,
  });
  await json.close();
  await sqlite.close();
}

/** Copies a generated JSON store into SQLite through the bulk API, so both hold the same data. */
async function copyInto(from: SessionRepository, to: SessionRepository): Promise<void> {
  let after: { appName: string; userId: string; sessionId: string } | undefined;
  for (;;) {
    const keys = await from.scanSessions({ after, limit: 1000 });
    for (const k of keys) {
      const snapshot = await from.readSnapshot(k);
      if (snapshot) await to.writeSnapshot(snapshot, { mode: "replace" });
    }
    if (keys.length < 1000) break;
    after = keys[keys.length - 1];
  }
  for (const scope of await from.listStateScopes()) {
    const state =
      scope.userId === undefined
        ? await from.getAppState({ appName: scope.appName })
        : await from.getUserState({ appName: scope.appName, userId: scope.userId });
    await to.writeScopedState(scope, state);
  }
}

async function readWorkloads(ctx: BenchContext): Promise<void> {
  const sessions = ctx.quick ? 200 : 2000;
  const users = 50;
  const withEvents = join(ctx.tempDir(), "store-100");
  const noEvents = join(ctx.tempDir(), "store-0");
  const started = performance.now();
  const common = { sessions, users, seed: "bench", apps: 1, expiredRatio: 0, hostileIds: false };
  await generateLegacyStore({ ...common, dir: withEvents, eventsPerSession: 100 });
  await generateLegacyStore({ ...common, dir: noEvents, eventsPerSession: 0 });
  const json = await createJsonFileRepository({ root: withEvents });
  // Without the header cache, so every listing really reads each file's header.
  const uncached = await createJsonFileRepository({ root: withEvents, cacheHeaders: false });
  const empty = await createJsonFileRepository({ root: noEvents, cacheHeaders: false });
  const dbDir = ctx.tempDir();
  mkdirSync(dbDir, { recursive: true });
  const sqlite = createSqliteRepository({ path: join(dbDir, "reads.db") });
  await copyInto(json, sqlite);
  ctx.log(
    `generated ${sessions} sessions × 100 events (and × 0), copied into SQLite in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const appName = "app-1";
  const [first] = await json.scanSessions({ limit: 1 });
  if (!first) throw new Error("generated store is empty");
  const userId = first.userId;
  await ctx.compare({
    workload: `listSessions(limit 100) of ${sessions} sessions: sqlite vs json (informational)`,
    baseline: {
      label: "@sessionkit/sqlite",
      run: () => sqlite.listSessions({ appName, limit: 100 }),
    },
    candidate: {
      label: "@sessionkit/json-file-store",
      run: () => json.listSessions({ appName, limit: 100 }),
    },
    iterations: ctx.quick ? 20 : 60,
    note: (b, c) => `sqlite ${us(b.p50)}, json ${ms(c.p50)} (${sessions} stats, headers cached)`,
  });
  await ctx.compare({
    workload: `json listSessions without header cache: 100 vs 0 events per session (headers only: ratio ~1)`,
    baseline: {
      label: "json, 0 events per session",
      run: () => empty.listSessions({ appName, limit: 100 }),
    },
    candidate: {
      label: "json, 100 events per session",
      run: () => uncached.listSessions({ appName, limit: 100 }),
    },
    iterations: ctx.quick ? 20 : 60,
    target: 1.5,
    note: (b, c) => `0 events ${ms(b.p50)}, 100 events ${ms(c.p50)}`,
  });
  await ctx.compare({
    workload: "listSessions of one user (limit 20): sqlite vs json (informational)",
    baseline: {
      label: "@sessionkit/sqlite",
      run: () => sqlite.listSessions({ appName, userId, limit: 20 }),
    },
    candidate: {
      label: "@sessionkit/json-file-store",
      run: () => json.listSessions({ appName, userId, limit: 20 }),
    },
    iterations: ctx.quick ? 100 : 300,
    note: (b, c) => `sqlite ${us(b.p50)}, json ${ms(c.p50)}`,
  });
  await ctx.compare({
    workload: "getSession, last 20 of 100 events: sqlite vs json (informational)",
    baseline: {
      label: "@sessionkit/sqlite",
      run: () => sqlite.getSession(first, { recentEvents: 20 }),
    },
    candidate: {
      label: "@sessionkit/json-file-store",
      run: () => json.getSession(first, { recentEvents: 20 }),
    },
    iterations: ctx.quick ? 200 : 1000,
    note: (b, c) => `sqlite ${us(b.p50)}, json ${us(c.p50)} (reads the whole file)`,
  });
  await ctx.compare({
    workload: `searchEvents over ${(sessions * 100).toLocaleString("en")} events: sqlite FTS5 vs json scan (informational)`,
    baseline: {
      label: "@sessionkit/sqlite (FTS5)",
      run: () => sqlite.searchEvents({ appName, query: "refund shipping" }),
    },
    candidate: {
      label: "@sessionkit/json-file-store (scan)",
      run: () => json.searchEvents({ appName, query: "refund shipping" }),
    },
    iterations: ctx.quick ? 3 : 5,
    warmup: 1,
    note: (b, c) => `FTS5 ${ms(b.p50)}, scan ${ms(c.p50)}`,
  });
  await json.close();
  await uncached.close();
  await empty.close();
  await sqlite.close();
}

/** @sessionkit/json-file-store against the raw durable-JSON floor and beside @sessionkit/sqlite. */
export const jsonFileStoreSuite: BenchSuite = {
  name: "json-file-store",
  description:
    "@sessionkit/json-file-store vs a raw durable JSON write, with @sessionkit/sqlite figures beside it",
  async run(ctx) {
    await appendWorkloads(ctx);
    await readWorkloads(ctx);
  },
};
