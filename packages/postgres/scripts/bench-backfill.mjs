#!/usr/bin/env node
/**
 * "Outgrew one machine": backfill of a SQLite store (10,000 sessions × 100 events = 1,000,000
 * events; --events to change) into a local PostgreSQL (fsync on) with @sessionkit/migrate's
 * backfill — the work `sessionkit-migrate backfill` does. Prints events/s and the process's
 * peak RSS (the bars: ≥ 50,000 events/s, < 256 MB at 1M events), then verifies the copy.
 *
 *   node scripts/bench-backfill.mjs [--events 1000000] [--batch-size 500]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backfill, repositorySource } from "@sessionkit/migrate";
import { createPostgresRepository } from "@sessionkit/postgres";
import { startPgCluster } from "@sessionkit/postgres/testing";
import { createSqliteRepository } from "@sessionkit/sqlite";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return Number(i === -1 ? fallback : process.argv[i + 1]);
};
const events = arg("--events", 1_000_000);
const batchSize = arg("--batch-size", 500);
const perSession = 100;
const sessions = Math.max(1, Math.round(events / perSession));

const dir = mkdtempSync(join(tmpdir(), "sk-pg-backfill-"));
const cluster = await startPgCluster(["fsync=on", "full_page_writes=on", "max_wal_size=4GB"]);
try {
  let t = performance.now();
  const source = createSqliteRepository({ path: join(dir, "source.db"), fullTextSearch: false });
  for (let s = 0; s < sessions; s++) {
    const key = { appName: "app", userId: `user-${s % 500}`, sessionId: `session-${s}` };
    await source.createSession(key, { state: { turn: 0, "user:plan": "pro" } });
    await source.appendEvents(
      key,
      Array.from({ length: perSession }, (_, i) => ({
        author: i % 2 ? "model" : "user",
        content: {
          role: i % 2 ? "model" : "user",
          parts: [{ text: `message ${i} of session ${s}: ${"lorem ipsum ".repeat(15)}` }],
        },
        ...(i % 5 === 0 ? { stateDelta: { turn: i } } : {}),
      })),
    );
  }
  console.log(
    `source: ${sessions} sessions × ${perSession} events in SQLite (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  const target = createPostgresRepository({ url: cluster.url, schema: "backfill" });
  await target.open();
  globalThis.gc?.();
  t = performance.now();
  const result = await backfill({
    source: repositorySource(source, "sqlite source"),
    target,
    batchSize,
  });
  const seconds = (performance.now() - t) / 1000;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  const stats = await target.stats();
  const ok = stats.events === sessions * perSession && stats.sessions === sessions && result.done;
  console.log(
    JSON.stringify({
      events: stats.events,
      sessions: stats.sessions,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(stats.events / seconds),
      peakRssMB: Math.round(peakMB),
      batchSize,
      complete: ok,
    }),
  );
  await source.close();
  await target.close();
  if (!ok) process.exitCode = 1;
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
