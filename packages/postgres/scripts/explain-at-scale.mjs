#!/usr/bin/env node
/**
 * Proves the indexes at scale: fills a store on a local PostgreSQL (started for the run) with
 * 1,000,000 sessions (10,000 users, 2% expired) and 10,000,000 events (10 per session), then
 * prints EXPLAIN (ANALYZE, BUFFERS) of the adapter's own statements — listing (first page and a
 * keyset page), the last-N events read (of an ordinary session and of one with 1,000,000 events), the append's row lock, idempotency lookup, key scan,
 * purge batch — with the indexes each plan uses and its execution time. Needs a build.
 *
 *   node scripts/explain-at-scale.mjs [--sessions 1000000] [--events-per-session 10]
 */
import { normalizeListSessionsOptions } from "@sessionkit/core/adapter-kit";
import { createPostgresRepository, postgresDialect as d } from "@sessionkit/postgres";
import { startPgCluster } from "@sessionkit/postgres/testing";
import pg from "pg";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return Number(i === -1 ? fallback : process.argv[i + 1]);
};
const sessions = arg("--sessions", 1_000_000);
const perSession = arg("--events-per-session", 10);
const bigSession = arg("--big-session", 1_000_000);
const schema = "scale";

const cluster = await startPgCluster([
  "maintenance_work_mem=512MB",
  "max_wal_size=4GB",
  "checkpoint_timeout=30min",
]);
const client = new pg.Client({
  connectionString: cluster.url,
  options: `-c search_path=${schema}`,
});
try {
  const repo = createPostgresRepository({ url: cluster.url, schema });
  await repo.open();
  await repo.close();
  await client.connect();
  let t = performance.now();
  await client.query(
    `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision)
SELECT 'app', 'user-' || lpad((g % 10000)::text, 5, '0'), 'session-' || lpad(g::text, 7, '0'),
  CASE WHEN g % 50 = 0 THEN 'expired' ELSE 'active' END, '{"n": 1}', '{}',
  1700000000000 + g, 1700000000000 + (g::bigint * 7919) % 100000000,
  CASE WHEN g % 50 = 0 THEN 1700000000000 + g ELSE NULL END, $1::bigint, $1::bigint + 1
FROM generate_series(1, $2::int) AS g`,
    [perSession, sessions],
  );
  console.log(`sessions: ${sessions} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await client.query(
    `INSERT INTO events (session_pk, seq, event_id, author, content, timestamp, search_text)
SELECT s.pk, e, 'event-' || e, CASE WHEN e % 2 = 0 THEN 'model' ELSE 'user' END,
  '{"role":"user","text":"hello there, this is a message of a realistic size"}', s.created_at + e,
  CASE WHEN e = 1 THEN 'hello there this is a message of a realistic size session ' || s.pk ELSE 'hello there this is a message of a realistic size' END
FROM sessions AS s, generate_series(1, $1::int) AS e`,
    [perSession],
  );
  console.log(
    `events: ${sessions * perSession} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  t = performance.now();
  await client.query(
    `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision)
VALUES ('app', 'user-big', 'big', 'active', '{}', '{}', 1700000000000, 1700000000000, NULL, $1::bigint, $1::bigint + 1)`,
    [bigSession],
  );
  await client.query(
    `INSERT INTO events (session_pk, seq, event_id, author, content, timestamp)
SELECT (SELECT pk FROM sessions WHERE session_id = 'big'), e, 'big-' || e, 'user', '{"text":"hello"}', 1700000000000 + e
FROM generate_series(1, $1::int) AS e`,
    [bigSession],
  );
  console.log(
    `one session with ${bigSession} events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  t = performance.now();
  await client.query("VACUUM (ANALYZE) sessions, events");
  console.log(`vacuum analyze in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const size = await client.query(
    "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS s FROM pg_class c WHERE relnamespace = 'scale'::regnamespace AND relkind = 'r'",
  );
  console.log(`store size: ${size.rows[0].s}\n`);

  const middle = Math.floor(sessions / 2);
  const midSession = `session-${String(middle).padStart(7, "0")}`;
  const midUser = `user-${String(middle % 10000).padStart(5, "0")}`;
  const bigPk = Number(
    (await client.query("SELECT pk FROM sessions WHERE session_id = 'big'")).rows[0].pk,
  );
  const pk = Number(
    (await client.query("SELECT pk FROM sessions WHERE session_id = $1", [midSession])).rows[0].pk,
  );
  const list = (options, after) =>
    d.listSessionsQuery(
      normalizeListSessionsOptions(options, { adapter: "postgres", operation: "listSessions" }),
      after,
      101,
    );
  const userPage = list({ appName: "app", userId: "user-04242", limit: 100 });
  const appPage = list({ appName: "app", limit: 100 });
  const appKeyset = list(
    { appName: "app", limit: 100 },
    { value: 1700000000000 + ((middle * 7919) % 100000000), userId: midUser, id: midSession },
  );
  const byId = list(
    { appName: "app", orderBy: "id", order: "asc", limit: 100 },
    { value: 0, userId: midUser, id: midSession },
  );
  const cases = [
    ["listSessions: a user's newest 100", userPage.sql, userPage.params],
    ["listSessions: the app's newest 100", appPage.sql, appPage.params],
    ["listSessions: keyset page in the middle of the app", appKeyset.sql, appKeyset.params],
    ["listSessions: by id, keyset page", byId.sql, byId.params],
    [
      "getSession: last 20 events of a session",
      d.events.selectRecentEvents(false, true),
      [pk, 0, 20],
    ],
    [
      `getSession: last 20 events of the session with ${bigSession} events`,
      d.events.selectRecentEvents(false, true),
      [bigPk, 0, 20],
    ],
    [
      "appendEvent: the session's row lock",
      d.sessions.selectSessionForWrite,
      ["app", midUser, midSession],
    ],
    ["appendEvent: idempotency lookup by event id", d.events.selectEventById, [pk, "event-7"]],
    [
      "scanSessions: keys after a key",
      d.sessions.scanSessionKeys,
      ["app", midUser, midSession, 500],
    ],
    ["purgeExpired: one batch of 500", d.sessions.purgeBatchBefore, [1700000000000 + middle, 500]],
    [
      "searchEvents: a rare term, newest 20 (GIN)",
      d.search.fullTextSearch(false, false),
      [`"${pk}"`, "app", 21],
    ],
    [
      "searchEvents: a rare term in one user's sessions (GIN)",
      d.search.fullTextSearch(true, false),
      [`"${pk}"`, "app", midUser, 21],
    ],
  ];
  for (const [label, sql, params] of cases) {
    await client.query("BEGIN");
    await client.query(`PREPARE q AS ${sql}`);
    const plan = await client.query(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE q(${params.map((p) => (typeof p === "number" ? String(p) : `'${String(p).replace(/'/g, "''")}'`)).join(", ")})`,
    );
    await client.query("ROLLBACK");
    await client.query("DEALLOCATE q");
    const lines = plan.rows.map((r) => r["QUERY PLAN"]);
    const indexes = [
      ...new Set(
        lines.flatMap((l) => [...l.matchAll(/(?:using|Index Scan on) (\w+)/g)].map((m) => m[1])),
      ),
    ];
    const seqScans = lines.filter((l) => /Seq Scan/.test(l)).length;
    const time = lines.find((l) => l.startsWith("Execution Time"));
    console.log(
      `### ${label}\nindexes: ${indexes.join(", ") || "none"}; sequential scans: ${seqScans}; ${time}\n${lines.map((l) => `    ${l}`).join("\n")}\n`,
    );
  }
} finally {
  await client.end().catch(() => undefined);
  await cluster.stop();
}
