import { join } from "node:path";
import { sessionStatements as ses } from "@sessionkit/sql/statements";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { runComparison } from "../compare.js";
import { RawBetterSqlite } from "../standard/subjects/floor-better-sqlite3.js";
import { APP } from "../standard/subjects/repository-subject.js";
import type { Curve } from "./curve.js";
import { FLOOR, SQLITE } from "./get-session-curve.js";

/** Sessions per user: a user's listing (limit 100) always chooses among 200. */
export const SESSIONS_PER_USER = 200;

/** Inserts sessions `from`..`to - 1` (user = index / 200) in one transaction (setup). */
function grow(db: Database.Database, from: number, to: number): void {
  const insert = db.prepare(ses.insertSession);
  const base = Date.now();
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const at = base + i;
      insert.get(
        APP,
        `u${Math.floor(i / SESSIONS_PER_USER)}`,
        `s${i}`,
        JSON.stringify({ step: i }),
        "{}",
        at,
        at,
      );
    }
  })();
}

/**
 * listSessions (100 most recently updated) against the number of sessions in the store, for one
 * user who has 200 (the W4 shape): the newest user, and the oldest (whose sessions are the
 * oldest in the store). Adapter and raw floor alternate at each
 * size; the store is grown between sizes with bulk INSERTs into the adapter's schema.
 */
export async function listSessionsCurve(
  dir: string,
  sizes: readonly number[],
  iterations: number,
  log: (line: string) => void,
): Promise<Curve> {
  const path = join(dir, "sessions.db");
  const setup = createSqliteRepository({ path, fullTextSearch: false });
  await setup.health();
  await setup.close();
  const loader = new Database(path);
  loader.pragma("journal_mode = WAL");
  const curve: Curve = {
    id: "listSessions",
    title: "listSessions of one user, 100 most recent, vs sessions in the store",
    sizeLabel: "sessions in the store",
    points: [],
  };
  let loaded = 0;
  for (const size of sizes) {
    const t = performance.now();
    grow(loader, loaded, size);
    loaded = size;
    loader.pragma("wal_checkpoint(TRUNCATE)");
    const loadSeconds = (performance.now() - t) / 1000;
    const repo = createSqliteRepository({ path, fullTextSearch: false });
    const raw = new RawBetterSqlite(path, dir);
    // The most recent user: the newest sessions are theirs (the oldest user would do as well).
    const user = `u${Math.floor((size - 1) / SESSIONS_PER_USER)}`;
    const r = await runComparison("scaling", {
      workload: `listSessions of a user, ${size} sessions`,
      baseline: { label: FLOOR, run: () => raw.listRecentSessions(user, 100) },
      candidate: {
        label: SQLITE,
        run: () => repo.listSessions({ appName: APP, userId: user, limit: 100 }),
      },
      iterations,
    });
    const first = await runComparison("scaling", {
      workload: `listSessions of the oldest user, ${size} sessions`,
      baseline: { label: FLOOR, run: () => raw.listRecentSessions("u0", 100) },
      candidate: {
        label: SQLITE,
        run: () => repo.listSessions({ appName: APP, userId: "u0", limit: 100 }),
      },
      iterations: Math.ceil(iterations / 2),
    });
    raw.close();
    await repo.close();
    curve.points.push({
      size,
      p50: {
        [FLOOR]: r.baseline.p50,
        [SQLITE]: r.candidate.p50,
        [`${SQLITE}, oldest user`]: first.candidate.p50,
      },
      ratio: r.ratio,
    });
    log(
      `listSessions(user, 100) of ${size.toLocaleString("en")} sessions: ${SQLITE} ${r.candidate.p50.toFixed(0)} µs (oldest user ${first.candidate.p50.toFixed(0)} µs), ${FLOOR} ${r.baseline.p50.toFixed(0)} µs (load ${loadSeconds.toFixed(1)} s)`,
    );
  }
  loader.close();
  return curve;
}
