import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { generateLegacyStore } from "@sessionkit/sample-data";
import { sideSearchIndexPath } from "@sessionkit/sqlite";
import { runWorker, type WorkerResult } from "../suites/backfill.js";

/** Backfill figures at one dataset size. */
export interface BackfillPoint {
  events: number;
  sessions: number;
  /**
   * sessionkit backfill, full-text index deferred (built alongside the copy in a worker thread,
   * merged at the end), keys re-check (the fast configuration).
   */
  sessionkit: WorkerResult;
  /** The raw floor: fs + JSON.parse + the adapter's INSERTs via better-sqlite3. */
  raw: WorkerResult;
  /** sessionkit backfill into a target with full-text search off (no index), keys re-check. */
  sessionkitNoIndex?: WorkerResult;
  /** The raw floor into a target without the full-text index. */
  rawNoIndex?: WorkerResult;
  /**
   * The search index of sessionkit's full-text-off target built afterwards on one thread, by the
   * code the deferred backfill's side build runs (mode "index-alone"): the CPU work the index
   * adds to a backfill.
   */
  indexAlone?: WorkerResult;
  /** The cores this machine gives the run's threads (`os.availableParallelism()`). */
  cores?: number;
}

export const BACKFILL_MIN_EVENTS_PER_SECOND = 100_000;
export const BACKFILL_MAX_RSS_MB = 256;

/**
 * Backfill throughput and peak RSS against dataset size: a legacy JSON-file store of
 * size / 100 sessions × 100 events is generated, then backfilled into SQLite by sessionkit and
 * by the raw floor, each in its own process (so the peak RSS is the backfill's own).
 */
export async function backfillCurve(
  dir: string,
  sizes: readonly number[],
  log: (line: string) => void,
): Promise<BackfillPoint[]> {
  const points: BackfillPoint[] = [];
  for (const events of sizes) {
    const sessions = Math.max(1, Math.round(events / 100));
    const root = join(dir, `legacy-${events}`);
    await generateLegacyStore({
      dir: root,
      sessions,
      eventsPerSession: 100,
      users: Math.max(10, sessions / 10),
      apps: 2,
      seed: "bench-backfill-curve",
    });
    const run = (mode: string, recheck: string, fulltext = "deferred", then?: string) => {
      const db = join(dir, `target-${events}-${mode}-${fulltext}.db`);
      const r = runWorker({ mode, root, db, fulltext, recheck });
      const after = then ? runWorker({ mode: then, root, db, fulltext, recheck }) : undefined;
      for (const file of [db, sideSearchIndexPath(db)])
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
      return [r, after] as const;
    };
    const [raw] = run("raw", "none");
    const [sessionkit] = run("sessionkit", "keys");
    const [rawNoIndex] = run("raw", "none", "off");
    const [sessionkitNoIndex, indexAlone] = run("sessionkit", "keys", "off", "index-alone");
    rmSync(root, { recursive: true, force: true });
    if (indexAlone?.events !== sessionkitNoIndex.events) {
      throw new Error(
        `backfill ${events}: the index built alone holds ${indexAlone?.events} events, the copy ${sessionkitNoIndex.events}`,
      );
    }
    points.push({
      events,
      sessions,
      sessionkit,
      raw,
      sessionkitNoIndex,
      rawNoIndex,
      indexAlone,
      cores: availableParallelism(),
    });
    log(
      `backfill ${events.toLocaleString("en")} events: sessionkit ${Math.round(sessionkit.eventsPerSecond).toLocaleString("en")} events/s, peak RSS ${Math.round(sessionkit.maxRssMB)} MB; raw floor ${Math.round(raw.eventsPerSecond).toLocaleString("en")} events/s, ${Math.round(raw.maxRssMB)} MB; full-text off: sessionkit ${Math.round(sessionkitNoIndex.eventsPerSecond).toLocaleString("en")}, raw ${Math.round(rawNoIndex.eventsPerSecond).toLocaleString("en")} events/s`,
    );
  }
  return points;
}
