import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateLegacyStore } from "@sessionkit/sample-data";
import type { BenchContext, BenchSuite } from "../suite.js";

const WORKER = fileURLToPath(new URL("./backfill-worker.js", import.meta.url));
/** The bars of the migration issue: events per second and peak RSS of a 1M-event backfill. */
const MIN_EVENTS_PER_SECOND = 100_000;
const MAX_RSS_MB = 256;

/** What one backfill-worker run reports. */
export interface WorkerResult {
  mode: string;
  fulltext: string;
  recheck: string;
  events: number;
  copySeconds: number;
  indexSeconds: number;
  totalSeconds: number;
  eventsPerSecond: number;
  copyEventsPerSecond: number;
  maxRssMB: number;
  /** CPU time of every thread of the run's process over the timed work (user + system), s. */
  cpuSeconds: number;
}

/** Runs one backfill in a fresh process (see backfill-worker.ts) and returns its figures. */
export function runWorker(config: Record<string, string>): WorkerResult {
  const out = execFileSync(process.execPath, [WORKER, JSON.stringify(config)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split("\n").pop() as string) as WorkerResult;
}

function line(r: WorkerResult): string {
  return (
    `${r.mode.padEnd(10)} fulltext ${r.fulltext.padEnd(8)} recheck ${r.recheck.padEnd(4)} ` +
    `${Math.round(r.eventsPerSecond).toLocaleString("en").padStart(8)} events/s ` +
    `(copy ${r.copySeconds.toFixed(1)} s at ${Math.round(r.copyEventsPerSecond).toLocaleString("en")}/s` +
    `${r.indexSeconds > 0 ? ` + index ${r.indexSeconds.toFixed(1)} s` : ""}), ${r.cpuSeconds.toFixed(1)} CPU-s, peak RSS ${Math.round(r.maxRssMB)} MB`
  );
}

/**
 * Backfill of a generated legacy store (10,000 sessions × 100 events = 1,000,000 events; --quick:
 * 500 × 100) into SQLite, each run in its own process: sessionkit's backfill beside the raw
 * driver doing the same file reads and row inserts. Fails the run (exit 1) when the default
 * sessionkit configuration misses 100,000 events/s or 256 MB peak RSS (full size only).
 */
export const backfillSuite: BenchSuite = {
  name: "backfill",
  description: "sessionkit-migrate backfill (JSON files → SQLite) vs raw fs + better-sqlite3",
  async run(context: BenchContext) {
    const sessions = context.quick ? 500 : 10_000;
    const dir = context.tempDir();
    const root = join(dir, "legacy");
    const started = performance.now();
    const generated = await generateLegacyStore({
      dir: root,
      sessions,
      eventsPerSession: 100,
      users: Math.max(10, sessions / 10),
      apps: 2,
      seed: "bench-backfill",
    });
    context.log(
      `generated ${generated.events.toLocaleString("en")} events in ${generated.sessions.toLocaleString("en")} sessions (${(generated.bytes / 1048576).toFixed(0)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    let n = 0;
    const run = (mode: string, fulltext: string, recheck: string) => {
      const result = runWorker({
        mode,
        root,
        db: join(dir, `target-${n++}.db`),
        fulltext,
        recheck,
      });
      context.log(line(result));
      return result;
    };
    const floor = run("raw", "deferred", "none");
    const fast = run("sessionkit", "deferred", "keys");
    const safe = run("sessionkit", "deferred", "full");
    const rawTriggers = run("raw", "triggers", "none");
    const triggers = run("sessionkit", "triggers", "keys");
    // Target opened with full-text search off (search scans): no index to build at all.
    const rawOff = run("raw", "off", "none");
    const off = run("sessionkit", "off", "keys");
    context.log(
      `ratios to the raw floor: deferred/keys ${(floor.eventsPerSecond / fast.eventsPerSecond).toFixed(2)}×, deferred/full ${(floor.eventsPerSecond / safe.eventsPerSecond).toFixed(2)}×, triggers ${(rawTriggers.eventsPerSecond / triggers.eventsPerSecond).toFixed(2)}×, fulltext off ${(rawOff.eventsPerSecond / off.eventsPerSecond).toFixed(2)}×`,
    );
    if (!context.quick) {
      const meets = (r: WorkerResult) =>
        r.eventsPerSecond >= MIN_EVENTS_PER_SECOND && r.maxRssMB < MAX_RSS_MB;
      const bar = `≥ ${MIN_EVENTS_PER_SECOND.toLocaleString("en")} events/s and < ${MAX_RSS_MB} MB peak RSS`;
      context.log(
        `bar ${bar}: --defer-fulltext --recheck keys ${meets(fast) ? "met" : "MISSED"}; fulltext off --recheck keys ${meets(off) ? "met" : "MISSED"}`,
      );
      if (!meets(fast) && !meets(off)) process.exitCode = 1;
    }
  },
};
