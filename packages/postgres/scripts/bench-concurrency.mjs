#!/usr/bin/env node
/**
 * Concurrent appends on @sessionkit/postgres against a local PostgreSQL (fsync on) started for
 * the run: 64 async callers in one process, then 4 processes × 16 callers, each on (a) its own
 * session and (b) one shared hot session. Prints appends/s and p50/p99 per append, and checks
 * that every session's seqs are gapless afterwards. Needs `pnpm --filter @sessionkit/postgres... build`.
 *
 *   node scripts/bench-concurrency.mjs [--appends 200]   appends per caller
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPostgresRepository } from "@sessionkit/postgres";
import { startPgCluster } from "@sessionkit/postgres/testing";

const self = fileURLToPath(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
};
const appends = Number(arg("--appends", "200"));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

/** `callers` async loops appending `appends` events each; returns per-append latencies (ms). */
async function drive(repo, callers, hot, tag) {
  const latencies = [];
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      const key = { appName: "bench", userId: "u", sessionId: hot ? "hot" : `${tag}-c${c}` };
      for (let i = 0; i < appends; i++) {
        const started = performance.now();
        await repo.appendEvent(key, {
          author: "user",
          content: { text: `caller ${c} message ${i}`, pad: "x".repeat(200) },
        });
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

async function prepare(repo, callers, hot, tag) {
  if (hot) await repo.getOrCreateSession({ appName: "bench", userId: "u", sessionId: "hot" });
  else
    for (let c = 0; c < callers; c++)
      await repo.createSession({ appName: "bench", userId: "u", sessionId: `${tag}-c${c}` });
}

if (process.argv[2] === "--child") {
  const [, , , url, schema, callers, hot, tag] = process.argv;
  const repo = createPostgresRepository({ url, schema, max: 16 });
  await prepare(repo, Number(callers), hot === "hot", tag);
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const started = performance.now();
  const latencies = await drive(repo, Number(callers), hot === "hot", tag);
  const seconds = (performance.now() - started) / 1000;
  await repo.close();
  process.stdout.write(`${JSON.stringify({ latencies, seconds })}\n`);
  process.exit(0);
}

function report(label, latencies, seconds) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const row = {
    scenario: label,
    appends: sorted.length,
    "appends/s": Math.round(sorted.length / seconds),
    "p50 ms": Number(percentile(sorted, 0.5).toFixed(2)),
    "p99 ms": Number(percentile(sorted, 0.99).toFixed(2)),
  };
  console.log(JSON.stringify(row));
  return row;
}

async function inProcess(url, hot) {
  const schema = `conc_in_${hot ? "hot" : "own"}`;
  const repo = createPostgresRepository({ url, schema, max: 16 });
  await prepare(repo, 64, hot, "p");
  const started = performance.now();
  const latencies = await drive(repo, 64, hot, "p");
  const row = report(
    `64 async callers, 1 process, ${hot ? "one hot session" : "own sessions"}`,
    latencies,
    (performance.now() - started) / 1000,
  );
  const integrity = await repo.checkIntegrity();
  if (!integrity.ok) throw new Error(`integrity: ${JSON.stringify(integrity.problems)}`);
  await repo.close();
  return row;
}

async function inProcesses(url, hot) {
  const schema = `conc_proc_${hot ? "hot" : "own"}`;
  const setup = createPostgresRepository({ url, schema });
  await setup.open();
  await setup.close();
  const children = Array.from({ length: 4 }, (_, p) =>
    spawn(
      process.execPath,
      [
        self,
        "--child",
        url,
        schema,
        "16",
        hot ? "hot" : "own",
        `proc${p}`,
        "--appends",
        String(appends),
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    ),
  );
  const lines = children.map(
    (child) =>
      new Promise((resolve) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          const parts = out.split("\n");
          out = parts.pop();
          for (const l of parts) child.emit("line", l);
        });
        const seen = [];
        child.on("line", (l) => {
          seen.push(l);
          if (seen.length === 2) resolve(seen);
        });
      }),
  );
  // Wait for all to be ready, then start them together.
  await Promise.all(children.map((child) => new Promise((r) => child.once("line", r))));
  const started = performance.now();
  for (const child of children) child.stdin.write("go\n");
  const results = (await Promise.all(lines)).map((l) => JSON.parse(l[1]));
  const seconds = (performance.now() - started) / 1000;
  const row = report(
    `4 processes × 16 callers, ${hot ? "one hot session" : "own sessions"}`,
    results.flatMap((r) => r.latencies),
    seconds,
  );
  const check = createPostgresRepository({ url, schema });
  const integrity = await check.checkIntegrity();
  if (!integrity.ok) throw new Error(`integrity: ${JSON.stringify(integrity.problems)}`);
  await check.close();
  return row;
}

const cluster = await startPgCluster(["fsync=on", "full_page_writes=on"]);
try {
  console.log(`PostgreSQL at ${cluster.url} (fsync on), ${appends} appends per caller`);
  const rows = [];
  for (const hot of [false, true]) rows.push(await inProcess(cluster.url, hot));
  for (const hot of [false, true]) rows.push(await inProcesses(cluster.url, hot));
  console.table(rows);
} finally {
  await cluster.stop();
}
