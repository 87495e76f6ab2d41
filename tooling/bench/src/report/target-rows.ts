import type { BenchResults } from "../results.js";
import { BACKFILL_MAX_RSS_MB, BACKFILL_MIN_EVENTS_PER_SECOND } from "../scaling/backfill-curve.js";
import { flatness } from "../scaling/curve.js";
import { LIBSQL, SQLITE } from "../scaling/get-session-curve.js";
import { type FloorRatio, floorKindLabel } from "../standard/pairs.js";
import { PEER_BASELINE } from "../standard/runner.js";
import type { WorkerResult } from "../suites/backfill.js";
import { fmtCount, fmtRatio } from "./format.js";
import { w6TargetRows } from "./w6-markdown.js";

/** Flatness target: getSession at the longest history at most this many times the shortest. */
export const FLAT_TARGET = 1.2;

/** A target's verdict as the tables print it. */
export const mark = (ok: boolean | undefined) =>
  ok === undefined ? "—" : ok ? "pass" : "**MISS**";

/** Workloads whose cost sessionkit's listing indexes change: creates, appends (updated_at), lists. */
const LISTING_INDEX_WORKLOADS = new Set(["W1", "W2", "W4"]);

/**
 * For a lean-floor ratio of W1, W2 or W4: the same adapter and workload against the lean floor
 * with sessionkit's listing indexes, when measured (what is left once those indexes are counted).
 */
export function listingIndexesNote(all: readonly FloorRatio[], f: FloorRatio): string {
  if (f.floorKind !== "lean" || !LISTING_INDEX_WORKLOADS.has(f.workload)) return "";
  const indexed = all.find(
    (x) =>
      x.adapter === f.adapter &&
      x.workload === f.workload &&
      x.floorKind === "lean + listing indexes" &&
      Number.isFinite(x.ratio),
  );
  return indexed
    ? ` (${fmtRatio(indexed.ratio)} against ${indexed.floor}: the lean floor with sessionkit's three listing indexes)`
    : "";
}

/** One target of issue 8 and what this run measured for it. */
export interface TargetRow {
  target: string;
  measured: string;
  ok: boolean | undefined;
}

/** The targets checked against the results (rows without figures say so). */
export function targetRows(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const std = r.standard;
  if (std) {
    for (const f of std.floorRatios) {
      const kind = floorKindLabel(f.floorKind);
      if (f.target !== undefined) {
        rows.push({
          target: `${f.adapter} ≤ ${f.target}× ${f.floor} (${kind}), ${f.workload}`,
          measured: fmtRatio(f.ratio) + listingIndexesNote(std.floorRatios, f),
          ok: f.ok,
        });
      }
      if (f.p99Target !== undefined) {
        rows.push({
          target: `${f.adapter}: append (W2) p99 ≤ ${f.p99Target}× ${f.floor}'s p99 (${kind})`,
          measured: fmtRatio(f.p99Ratio ?? Number.NaN),
          ok: f.p99Ok,
        });
      }
    }
    for (const p of std.peerRatios) {
      if (p.target === undefined) continue;
      rows.push({
        target: `${p.workload}: ${PEER_BASELINE} ≥ ${p.target}× faster than ${p.peer}`,
        measured: Number.isFinite(p.ratio) ? `${fmtRatio(p.ratio)} faster` : "not measured",
        ok: p.ok,
      });
    }
  }
  if (r.concurrency) rows.push(...w6TargetRows(r.concurrency));
  const get = r.curves?.find((c) => c.id === "getSession");
  if (get && get.points.length > 1) {
    for (const series of [SQLITE, LIBSQL]) {
      const f = flatness(get, series);
      const first = get.points[0]?.size ?? 0;
      const last = get.points.at(-1)?.size ?? 0;
      rows.push({
        target: `getSession (last 100) flat in history length, ${series}: p50 at ${fmtCount(last)} ≤ ${FLAT_TARGET}× p50 at ${fmtCount(first)}`,
        measured: fmtRatio(f),
        ok: Number.isFinite(f) ? f <= FLAT_TARGET : undefined,
      });
    }
  }
  const largest = r.backfill?.at(-1);
  if (largest) {
    const bar = (label: string, s: WorkerResult) =>
      rows.push({
        target: `backfill ≥ ${fmtCount(BACKFILL_MIN_EVENTS_PER_SECOND)} events/s under ${BACKFILL_MAX_RSS_MB} MB (${fmtCount(largest.events)} events, ${label})`,
        measured: `${fmtCount(s.eventsPerSecond)} events/s, ${Math.round(s.maxRssMB)} MB`,
        ok: s.eventsPerSecond >= BACKFILL_MIN_EVENTS_PER_SECOND && s.maxRssMB < BACKFILL_MAX_RSS_MB,
      });
    if (largest.sessionkitNoIndex)
      bar("target with full-text search off", largest.sessionkitNoIndex);
    bar("full-text index built after the copy", largest.sessionkit);
  }
  return rows;
}
