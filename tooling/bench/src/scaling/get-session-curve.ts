import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createLibsqlRepository } from "@sessionkit/libsql";
import {
  eventStatements as ev,
  type SessionRow,
  sessionStatements as ses,
} from "@sessionkit/sql/statements";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { runComparison } from "../compare.js";
import { timeCalls } from "../measure.js";
import { benchEvent } from "../standard/events.js";
import { RawBetterSqlite } from "../standard/subjects/floor-better-sqlite3.js";
import { APP } from "../standard/subjects/repository-subject.js";
import { median } from "../stats.js";
import type { Curve } from "./curve.js";

export const SQLITE = "sessionkit sqlite";
export const LIBSQL = "sessionkit libsql (embedded)";
export const FLOOR = "raw better-sqlite3";

/** Appends events `from`..`to` (seq) to session `pk` with plain INSERTs in one transaction (setup). */
function grow(db: Database.Database, pk: number, from: number, to: number): void {
  const insert = db.prepare(ev.insertSnapshotEvent);
  const base = Date.now();
  db.transaction(() => {
    for (let seq = from; seq <= to; seq++) {
      const e = benchEvent(seq, base + seq);
      insert.run(
        pk,
        seq,
        e.id,
        null,
        e.author,
        JSON.stringify(e.content),
        e.stateDelta ? JSON.stringify(e.stateDelta) : null,
        null,
        e.timestamp,
      );
    }
    db.prepare("UPDATE sessions SET last_seq = ?, revision = ? WHERE pk = ?").run(to, to + 1, pk);
  })();
}

/**
 * getSession(last 100 events) against the session's history length. The store is the sqlite
 * adapter's schema (full-text index off: reads never touch it), grown between sizes by bulk
 * INSERTs; at each size the adapter and the raw floor alternate, and a copy of the file is read
 * by the libsql adapter.
 */
export async function getSessionCurve(
  dir: string,
  sizes: readonly number[],
  iterations: number,
  log: (line: string) => void,
): Promise<Curve> {
  const path = join(dir, "history.db");
  const setup = createSqliteRepository({ path, fullTextSearch: false });
  await setup.createSession({ appName: APP, userId: "u", sessionId: "h" }, { state: { a: 1 } });
  await setup.close();
  const loader = new Database(path);
  loader.pragma("journal_mode = WAL");
  const pk = (loader.prepare(ses.selectSessionByKey).get(APP, "u", "h") as SessionRow).pk;
  const curve: Curve = {
    id: "getSession",
    title: "getSession, last 100 events, vs history length",
    sizeLabel: "events in the session",
    points: [],
  };
  let loaded = 0;
  for (const size of sizes) {
    const t = performance.now();
    grow(loader, pk, loaded + 1, size);
    loaded = size;
    loader.pragma("wal_checkpoint(TRUNCATE)");
    const loadSeconds = (performance.now() - t) / 1000;
    const repo = createSqliteRepository({ path, fullTextSearch: false });
    const raw = new RawBetterSqlite(path, dir);
    const key = { appName: APP, userId: "u", sessionId: "h" };
    const r = await runComparison("scaling", {
      workload: `getSession last 100 of ${size}`,
      baseline: { label: FLOOR, run: () => raw.readSession("u", "h", 100) },
      candidate: { label: SQLITE, run: () => repo.getSession(key, { recentEvents: 100 }) },
      iterations,
    });
    raw.close();
    await repo.close();
    // The libsql adapter reads a copy (one SQLite library per file per process).
    const copy = join(dir, `history-libsql-${size}.db`);
    copyFileSync(path, copy);
    const libsql = createLibsqlRepository({ url: `file:${copy}` });
    const libsqlSamples: number[] = [];
    const readLibsql = () => libsql.getSession(key, { recentEvents: 100 });
    await timeCalls(readLibsql, Math.ceil(iterations / 10), []);
    await timeCalls(readLibsql, Math.ceil(iterations / 2), libsqlSamples);
    await libsql.close();
    rmSync(copy, { force: true });
    const libsqlP50 = median(libsqlSamples);
    curve.points.push({
      size,
      p50: { [FLOOR]: r.baseline.p50, [SQLITE]: r.candidate.p50, [LIBSQL]: libsqlP50 },
      ratio: r.ratio,
    });
    log(
      `getSession last 100 of ${size.toLocaleString("en")} events: ${SQLITE} ${r.candidate.p50.toFixed(0)} µs, ${FLOOR} ${r.baseline.p50.toFixed(0)} µs, ${LIBSQL} ${libsqlP50.toFixed(0)} µs (load ${loadSeconds.toFixed(1)} s)`,
    );
  }
  loader.close();
  return curve;
}
