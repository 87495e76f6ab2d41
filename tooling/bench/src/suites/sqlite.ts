import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { JsonObject, JsonValue, SessionEvent, SessionRepository } from "@sessionkit/core";
import { mergeState, normalizeListSessionsOptions } from "@sessionkit/core/adapter-kit";
import { fullTextBody } from "@sessionkit/sql";
import {
  type EventRow,
  eventStatements as ev,
  listSessionsQuery,
  type SessionRow,
  type StateRow,
  sessionStatements as ses,
  stateStatements as st,
} from "@sessionkit/sql/statements";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import type { BenchContext, BenchSuite } from "../suite.js";

const APP = "bench";

/**
 * The raw better-sqlite3 floor: the adapter's exact SQL, prepared once, no abstraction. With
 * `fullText` (the file's index on) each event carries its search text as the adapter writes it.
 */
class RawSqlite {
  readonly db: Database.Database;
  private readonly s;

  constructor(
    path: string,
    private readonly fullText = false,
  ) {
    this.db = new Database(path, { timeout: 5000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    const p = (sql: string) => this.db.prepare(sql);
    this.s = {
      beginWrite: p("BEGIN IMMEDIATE"),
      beginRead: p("BEGIN"),
      commit: p("COMMIT"),
      session: p(ses.selectSessionByKey),
      insert: p(fullText ? ev.insertIndexedEvent : ev.insertEvent),
      upsertUser: p(st.upsertUserState),
      bump: p(ses.bumpSession),
      recent: p(ev.selectRecentEvents(false, true)),
      scoped: p(st.selectScopedStateForSession),
      scopedUsers: p(st.selectScopedStateForUsers),
    };
  }

  /** insert event + upsert user state + bump session, one transaction. */
  append(userId: string, sessionId: string, i: number): void {
    const s = this.s;
    const now = Date.now();
    const value = { text: `message number ${i} about the weather today` };
    const content = JSON.stringify(value);
    const delta = JSON.stringify({ "user:turns": i });
    s.beginWrite.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    const seq = row.last_seq + 1;
    const params = [row.pk, seq, randomUUID(), null, "user", content, delta, null, now];
    if (this.fullText) params.push(fullTextBody(value));
    s.insert.run(...params);
    s.upsertUser.run(APP, userId, "turns", JSON.stringify(i));
    s.bump.run(row.state, seq, row.revision + 1, now, row.pk);
    s.commit.run();
  }

  /** The same batch as appendEvents: n inserts and one bump in one transaction. */
  appendBatch(userId: string, sessionId: string, n: number): void {
    const s = this.s;
    const now = Date.now();
    s.beginWrite.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    let seq = row.last_seq;
    for (let i = 0; i < n; i++) {
      seq++;
      const value = { text: `batch message ${i}` };
      const params = [
        row.pk,
        seq,
        randomUUID(),
        null,
        "user",
        JSON.stringify(value),
        null,
        null,
        now,
      ];
      if (this.fullText) params.push(fullTextBody(value));
      s.insert.run(...params);
    }
    s.bump.run(row.state, seq, row.revision + n, now, row.pk);
    s.commit.run();
  }

  /** getSession(key, { recentEvents: n }) with the same reads and row mapping. */
  lastEvents(userId: string, sessionId: string, n: number): unknown {
    const s = this.s;
    s.beginRead.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    const rows = s.recent.all(row.pk, 0, n) as EventRow[];
    const scoped = s.scoped.all(APP, APP, userId) as StateRow[];
    s.commit.run();
    rows.reverse();
    const events = rows.map(toEvent);
    const app: Array<[string, JsonValue]> = [];
    const user: Array<[string, JsonValue]> = [];
    for (const r of scoped) (r.scope === 0 ? app : user).push([r.key, JSON.parse(r.value)]);
    return {
      id: row.session_id,
      state: mergeState(
        JSON.parse(row.state),
        Object.fromEntries(app) as JsonObject,
        Object.fromEntries(user) as JsonObject,
      ),
      metadata: JSON.parse(row.metadata),
      events,
    };
  }

  /** listSessions({ appName, limit }) with the same two reads and mapping. */
  listPage(sql: string, params: unknown[]): unknown {
    const s = this.s;
    const statement = this.db.prepare(sql);
    s.beginRead.run();
    const rows = statement.all(...params) as SessionRow[];
    const page = rows.slice(0, rows.length - 1);
    const users = JSON.stringify([...new Set(page.map((r) => r.user_id))]);
    const scoped = s.scopedUsers.all(APP, APP, users) as StateRow[];
    s.commit.run();
    const app: Array<[string, JsonValue]> = [];
    const byUser = new Map<string, Array<[string, JsonValue]>>();
    for (const r of scoped) {
      const entry: [string, JsonValue] = [r.key, JSON.parse(r.value)];
      if (r.scope === 0) app.push(entry);
      else byUser.set(r.user_id as string, [...(byUser.get(r.user_id as string) ?? []), entry]);
    }
    const appState = Object.fromEntries(app) as JsonObject;
    return page.map((r) => ({
      id: r.session_id,
      state: mergeState(
        JSON.parse(r.state),
        appState,
        Object.fromEntries(byUser.get(r.user_id) ?? []) as JsonObject,
      ),
      metadata: JSON.parse(r.metadata),
    }));
  }

  close(): void {
    this.db.close();
  }
}

function toEvent(r: EventRow): SessionEvent {
  const e: SessionEvent = {
    id: r.event_id,
    seq: r.seq,
    author: r.author,
    content: JSON.parse(r.content),
    timestamp: r.timestamp,
  };
  if (r.state_delta !== null) e.stateDelta = JSON.parse(r.state_delta);
  if (r.metadata !== null) e.metadata = JSON.parse(r.metadata);
  return e;
}

/** Bulk-loads `count` events into a session straight through SQL (setup only). */
function bulkLoad(raw: RawSqlite, userId: string, sessionId: string, count: number): void {
  const db = raw.db;
  const row = db.prepare(ses.selectSessionByKey).get(APP, userId, sessionId) as SessionRow;
  const insert = db.prepare(ev.insertEvent);
  const load = db.transaction(() => {
    const now = Date.now();
    for (let seq = 1; seq <= count; seq++) {
      insert.run(row.pk, seq, `e${seq}`, null, "user", `{"text":"event ${seq}"}`, null, null, now);
    }
    db.prepare("UPDATE sessions SET last_seq = ?, revision = ? WHERE pk = ?").run(
      count,
      count + 1,
      row.pk,
    );
  });
  load();
}

const us = (x: number) => `${x.toFixed(1)} µs`;

/**
 * A file for the adapter and a twin file for the raw floor, both created by the adapter (same
 * schema, same FTS triggers). Writers get separate files so each pays its own WAL checkpoints.
 */
async function twinFiles(
  ctx: BenchContext,
  name: string,
  fullText: boolean,
  sessions: string[],
): Promise<{ repo: SessionRepository; raw: RawSqlite }> {
  const dir = ctx.tempDir();
  const rawPath = join(dir, `${name}-raw.db`);
  const setup = createSqliteRepository({ path: rawPath, fullTextSearch: fullText });
  for (const s of sessions)
    await setup.createSession({ appName: APP, userId: "raw", sessionId: s });
  await setup.close();
  const repo = createSqliteRepository({
    path: join(dir, `${name}-adapter.db`),
    fullTextSearch: fullText,
  });
  for (const s of sessions)
    await repo.createSession({ appName: APP, userId: "adapter", sessionId: s });
  return { repo, raw: new RawSqlite(rawPath, fullText) };
}

async function appendWorkload(ctx: BenchContext, fullText: boolean): Promise<void> {
  const { repo, raw } = await twinFiles(ctx, "append", fullText, ["s"]);
  const adapterKey = { appName: APP, userId: "adapter", sessionId: "s" };
  await ctx.compare({
    workload: `appendEvent, FTS ${fullText ? "on" : "off"}`,
    baseline: { label: "raw better-sqlite3", run: (i) => raw.append("raw", "s", i) },
    candidate: {
      label: "@sessionkit/sqlite",
      run: (i) =>
        repo.appendEvent(adapterKey, {
          author: "user",
          content: { text: `message number ${i} about the weather today` },
          stateDelta: { "user:turns": i },
        }),
    },
    iterations: ctx.quick ? 1000 : 5000,
    target: 1.2,
    note: (b, c) => `floor ${us(b.p50)}, adapter ${us(c.p50)} per append (p90 ${us(c.p90)})`,
  });
  raw.close();
  await repo.close();
}

async function batchWorkload(ctx: BenchContext): Promise<void> {
  const runs = ctx.quick ? 4 : 10;
  const size = 10_000;
  const names = Array.from({ length: runs * 2 }, (_, i) => `b${i}`);
  const { repo, raw } = await twinFiles(ctx, "batch", true, names);
  const batch = Array.from({ length: size }, (_, i) => ({
    author: "user",
    content: { text: `batch message ${i}` },
  }));
  await ctx.compare({
    workload: "appendEvents, batch of 10,000 (FTS on)",
    baseline: {
      label: "raw better-sqlite3, one transaction",
      run: (i) => raw.appendBatch("raw", `b${i}`, size),
    },
    candidate: {
      label: "@sessionkit/sqlite",
      run: (i) => repo.appendEvents({ appName: APP, userId: "adapter", sessionId: `b${i}` }, batch),
    },
    iterations: runs,
    warmup: runs,
    target: 1.2,
    note: (b, c) =>
      `floor ${(b.p50 / 1000).toFixed(1)} ms, adapter ${(c.p50 / 1000).toFixed(1)} ms per batch (${us(c.p50 / size)} per event)`,
  });
  raw.close();
  await repo.close();
}

async function readWorkloads(ctx: BenchContext): Promise<void> {
  const path = join(ctx.tempDir(), "reads.db");
  const big = ctx.quick ? 20_000 : 1_000_000;
  const setup = createSqliteRepository({ path, fullTextSearch: false });
  await setup.createSession({ appName: APP, userId: "u", sessionId: "small" }, { state: { a: 1 } });
  await setup.createSession({ appName: APP, userId: "u", sessionId: "big" });
  await setup.writeScopedState({ appName: APP }, { theme: "dark", locale: "en" });
  await setup.writeScopedState({ appName: APP, userId: "u" }, { name: "Ada" });
  const sessions = ctx.quick ? 200 : 2000;
  for (let i = 0; i < sessions; i++) {
    const userId = `user${i % 50}`;
    await setup.createSession(
      { appName: APP, userId, sessionId: `list${i}` },
      { state: { step: i, [`user:seen${i % 3}`]: true }, metadata: { topic: `t${i % 7}` } },
    );
  }
  await setup.close();
  const raw = new RawSqlite(path);
  const started = performance.now();
  bulkLoad(raw, "u", "small", 1000);
  bulkLoad(raw, "u", "big", big);
  ctx.log(
    `loaded a ${big.toLocaleString("en")}-event session in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const repo: SessionRepository = createSqliteRepository({ path, fullTextSearch: false });
  const small = { appName: APP, userId: "u", sessionId: "small" };
  const bigKey = { appName: APP, userId: "u", sessionId: "big" };
  await ctx.compare({
    workload: "getSession, last 1,000 events",
    baseline: { label: "raw better-sqlite3", run: () => raw.lastEvents("u", "small", 1000) },
    candidate: {
      label: "@sessionkit/sqlite",
      run: () => repo.getSession(small, { recentEvents: 1000 }),
    },
    iterations: ctx.quick ? 200 : 500,
    target: 1.2,
    note: (b, c) => `floor ${us(b.p50)}, adapter ${us(c.p50)}`,
  });
  await ctx.compare({
    workload: `getSession last 100: ${big.toLocaleString("en")}-event vs 1,000-event session`,
    baseline: {
      label: "adapter, 1,000-event session",
      run: () => repo.getSession(small, { recentEvents: 100 }),
    },
    candidate: {
      label: `adapter, ${big.toLocaleString("en")}-event session`,
      run: () => repo.getSession(bigKey, { recentEvents: 100 }),
    },
    iterations: ctx.quick ? 1000 : 3000,
    target: 1.2,
    note: (b, c) => `1k-event ${us(b.p50)}, ${big.toLocaleString("en")}-event ${us(c.p50)}`,
  });
  const listOptions = { appName: APP, limit: 100 };
  const normalized = normalizeListSessionsOptions(listOptions, {
    adapter: "bench",
    operation: "listSessions",
  });
  const q = listSessionsQuery(normalized, undefined, 101);
  await ctx.compare({
    workload: `listSessions(100) of ${sessions.toLocaleString("en")}`,
    baseline: { label: "raw better-sqlite3", run: () => raw.listPage(q.sql, q.params) },
    candidate: { label: "@sessionkit/sqlite", run: () => repo.listSessions(listOptions) },
    iterations: ctx.quick ? 300 : 1500,
    target: 1.3,
    note: (b, c) => `floor ${us(b.p50)}, adapter ${us(c.p50)}`,
  });
  raw.close();
  await repo.close();
}

async function searchWorkload(ctx: BenchContext): Promise<void> {
  const count = ctx.quick ? 2_000 : 20_000;
  const repos: SessionRepository[] = [];
  for (const fullText of [true, false]) {
    const path = join(ctx.tempDir(), `search-${fullText}.db`);
    const setup = createSqliteRepository({ path, fullTextSearch: fullText });
    for (let s = 0; s < 20; s++) {
      const key = { appName: APP, userId: `u${s % 4}`, sessionId: `s${s}` };
      await setup.createSession(key);
      await setup.appendEvents(
        key,
        Array.from({ length: count / 20 }, (_, i) => ({
          author: "user",
          content: {
            text: i % 100 === 7 ? `rain and weather report ${i}` : `ordinary message ${i}`,
          },
        })),
      );
    }
    repos.push(setup);
  }
  const [fts, scan] = repos as [SessionRepository, SessionRepository];
  await ctx.compare({
    workload: `searchEvents over ${count.toLocaleString("en")} events: scan (FTS off) vs FTS5`,
    baseline: {
      label: "FTS5 index",
      run: () => fts.searchEvents({ appName: APP, query: "weather rain" }),
    },
    candidate: {
      label: "scan",
      run: () => scan.searchEvents({ appName: APP, query: "weather rain" }),
    },
    iterations: ctx.quick ? 20 : 60,
    note: (b, c) => `FTS5 ${us(b.p50)}, scan ${(c.p50 / 1000).toFixed(1)} ms per search`,
  });
  for (const r of repos) await r.close();
}

/** @sessionkit/sqlite against raw better-sqlite3 running the same SQL in the same process. */
export const sqliteSuite: BenchSuite = {
  name: "sqlite",
  description: "@sessionkit/sqlite vs raw better-sqlite3 running the same SQL",
  async run(ctx) {
    await appendWorkload(ctx, true);
    await appendWorkload(ctx, false);
    await batchWorkload(ctx);
    await readWorkloads(ctx);
    await searchWorkload(ctx);
  },
};
