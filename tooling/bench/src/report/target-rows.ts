import type { BenchResults } from "../results.js";
import type { BackfillPoint } from "../scaling/backfill-curve.js";
import { BACKFILL_MAX_RSS_MB, BACKFILL_MIN_EVENTS_PER_SECOND } from "../scaling/backfill-curve.js";
import { flatness } from "../scaling/curve.js";
import { LIBSQL, SQLITE } from "../scaling/get-session-curve.js";
import { type FloorRatio, floorKindLabel, type PeerRatio } from "../standard/pairs.js";
import { PEER_BASELINE } from "../standard/runner.js";
import type { WorkerResult } from "../suites/backfill.js";
import { fmtCount, fmtRatio } from "./format.js";
import { w6TargetRows } from "./w6-markdown.js";

/** Flatness target: getSession at the longest history at most this many times the shortest. */
export const FLAT_TARGET = 1.2;

/** A target's verdict as the tables print it. */
export const mark = (ok: boolean | undefined) =>
  ok === undefined ? "—" : ok ? "pass" : "**MISS**";

/**
 * The informational lean-floor variants, each with the workloads whose cost its addition
 * changes and how the report says what it adds.
 */
const LEAN_VARIANTS = [
  {
    // Creates, appends (updated_at), lists.
    kind: "lean + listing indexes",
    workloads: new Set(["W1", "W2", "W4"]),
    adds: "the lean floor with sessionkit's three listing indexes",
  },
  {
    kind: "lean + contract work",
    workloads: new Set(["W2", "W5"]),
    adds: "the lean floor also validating each event (typed errors, one serialization and copy) and returning the stored events, as the contract asks",
  },
] as const;

/**
 * For a lean-floor ratio: the same adapter and workload against each informational variant of
 * the lean floor that changes that workload, when measured (what is left once the variant's
 * addition is counted).
 */
export function leanVariantNotes(all: readonly FloorRatio[], f: FloorRatio): string {
  if (f.floorKind !== "lean") return "";
  let notes = "";
  for (const variant of LEAN_VARIANTS) {
    if (!variant.workloads.has(f.workload)) continue;
    const other = all.find(
      (x) =>
        x.adapter === f.adapter &&
        x.workload === f.workload &&
        x.floorKind === variant.kind &&
        Number.isFinite(x.ratio),
    );
    if (other) notes += ` (${fmtRatio(other.ratio)} against ${other.floor}: ${variant.adds})`;
  }
  return notes;
}

/**
 * For a missed peer target: how fast the lean floor (the leanest raw-driver SQL for the same
 * writes and reads, search index included) is against the peer, from this run's two
 * interleaved ratios (peer ÷ sessionkit × sessionkit ÷ lean floor), and so how far below the
 * lean floor's time sessionkit would have to be to meet the target. "" without both ratios.
 */
export function peerBoundNote(floors: readonly FloorRatio[], p: PeerRatio): string {
  const lean = floors.find(
    (f) =>
      f.adapter === PEER_BASELINE &&
      f.floorKind === "lean" &&
      f.workload === p.workload &&
      Number.isFinite(f.ratio),
  );
  if (!lean || p.target === undefined || !Number.isFinite(p.ratio)) return "";
  const peerOverLean = p.ratio * lean.ratio;
  return (
    `; the peer takes ${fmtRatio(peerOverLean)} the time of ${lean.floor} (the lean floor, search index included; ` +
    `${fmtRatio(p.ratio)} × ${PEER_BASELINE}'s lean ratio ${fmtRatio(lean.ratio)}, this run): ${p.target}× faster than the peer ` +
    `needs ${PEER_BASELINE} at ≤ ${fmtRatio(peerOverLean / p.target)} the lean floor's time`
  );
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
          measured: fmtRatio(f.ratio) + leanVariantNotes(std.floorRatios, f),
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
        measured: Number.isFinite(p.ratio)
          ? `${fmtRatio(p.ratio)} faster${p.ok === false ? peerBoundNote(std.floorRatios, p) : ""}`
          : "not measured",
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
        measured:
          `${fmtCount(s.eventsPerSecond)} events/s, ${Math.round(s.maxRssMB)} MB` +
          backfillFloorNote(s, largest.rawNoIndex) +
          (s === largest.sessionkit ? backfillWorkNote(largest) : ""),
        ok: s.eventsPerSecond >= BACKFILL_MIN_EVENTS_PER_SECOND && s.maxRssMB < BACKFILL_MAX_RSS_MB,
      });
    if (largest.sessionkitNoIndex)
      bar("target with full-text search off", largest.sessionkitNoIndex);
    bar("full-text index built after the copy", largest.sessionkit);
  }
  return rows;
}

/**
 * For the backfill WITH the search index below the throughput target: when the CPU work it
 * needs at the least — the raw floor's copy without any index plus building the index alone
 * (both measured in the same run, as CPU time of every thread) — cannot be done at the target
 * rate by this machine's cores even split perfectly among them, the target is out of reach
 * here. "" otherwise (or when not measured).
 */
export function backfillWorkNote(p: BackfillPoint): string {
  const { sessionkit: s, rawNoIndex: copy, indexAlone: index, cores } = p;
  if (s.eventsPerSecond >= BACKFILL_MIN_EVENTS_PER_SECOND) return "";
  if (copy === undefined || index === undefined || cores === undefined) return "";
  if (!(copy.cpuSeconds > 0 && index.cpuSeconds > 0)) return "";
  const work = copy.cpuSeconds + index.cpuSeconds;
  const bound = p.events / (work / cores);
  if (bound >= BACKFILL_MIN_EVENTS_PER_SECOND) return "";
  const s1 = (x: number) => x.toFixed(1);
  return (
    `; out of reach on this machine's ${cores} cores: the raw floor's copy without any index takes ` +
    `${s1(copy.cpuSeconds)} CPU-s and building the index alone (the core tokenizer and FTS5 inserts, ` +
    `one thread) ${s1(index.cpuSeconds)} CPU-s, so even split perfectly over ${cores} cores the work ` +
    `takes ${s1(work / cores)} s: at most ${fmtCount(bound)} events/s`
  );
}

/**
 * For a backfill below the throughput target: when the raw floor copying into a target WITHOUT
 * any index (the least a backfill does: read the files, the adapter's INSERTs, nothing else) is
 * below the target too in the same run, the target is above what the driver does here — with
 * or without an index to build on top. "" otherwise (the miss is sessionkit's own).
 */
export function backfillFloorNote(s: WorkerResult, floor: WorkerResult | undefined): string {
  if (s.eventsPerSecond >= BACKFILL_MIN_EVENTS_PER_SECOND || floor === undefined) return "";
  if (floor.eventsPerSecond >= BACKFILL_MIN_EVENTS_PER_SECOND) return "";
  return (
    `; the raw floor into a target without any index (reading the files and the adapter's INSERTs, ` +
    `no checks, no index) does ${fmtCount(floor.eventsPerSecond)} events/s in the same run: the target ` +
    "is above what the driver does on this machine"
  );
}
