import { median } from "../stats.js";
import type { SubjectFactory, SubjectKind, WorkloadId } from "./subject.js";
import type { WorkloadResult } from "./workloads.js";

export const WORKLOADS: readonly WorkloadId[] = ["W1", "W2", "W3", "W4", "W5"];

/** One child-process run of one subject in one round. */
export interface SubjectRun {
  subject: string;
  round: number;
  results: WorkloadResult[];
  /** Set when the run failed; results are then empty. */
  error?: string;
}

/** One workload of one subject over all rounds: medians of the per-round figures. */
export interface WorkloadFigures {
  workload: WorkloadId;
  rounds: number;
  planned: number;
  n: number;
  /** Ops per second (W5: events per second). */
  throughput: number;
  p50: number;
  p99: number;
  peakRssBytes: number;
  bytesOnDisk: number;
  unsupported?: string;
  note?: string;
}

export interface SubjectFigures {
  name: string;
  kind: SubjectKind;
  floor?: string;
  workloads: WorkloadFigures[];
  errors: string[];
}

/** The throughput a workload is compared on: ops/s, or events/s for W5 (batches). */
export function throughputOf(r: WorkloadResult): number {
  return r.workload === "W5" ? (r.eventsPerSecond ?? 0) : r.opsPerSecond;
}

/** Medians over the rounds of every figure, per subject and workload. */
export function aggregateRuns(
  factories: readonly SubjectFactory[],
  runs: readonly SubjectRun[],
): SubjectFigures[] {
  return factories.map((f) => {
    const mine = runs.filter((r) => r.subject === f.name);
    const workloads: WorkloadFigures[] = [];
    for (const w of WORKLOADS) {
      const results = mine.flatMap((r) => r.results.filter((x) => x.workload === w));
      if (results.length === 0) continue;
      const done = results.filter((r) => r.unsupported === undefined);
      const pick = (get: (r: WorkloadResult) => number) => median(done.map(get));
      const figures: WorkloadFigures = {
        workload: w,
        rounds: done.length,
        planned: results[0]?.planned ?? 0,
        n: pick((r) => r.n),
        throughput: pick(throughputOf),
        p50: pick((r) => r.p50),
        p99: pick((r) => r.p99),
        peakRssBytes: pick((r) => r.peakRssBytes),
        bytesOnDisk: pick((r) => r.bytesOnDisk),
      };
      const unsupported = results.find((r) => r.unsupported)?.unsupported ?? f.unsupported?.[w];
      if (done.length === 0 && unsupported) figures.unsupported = unsupported;
      const note = results.find((r) => r.note)?.note;
      if (note) figures.note = note;
      workloads.push(figures);
    }
    const errors = mine.flatMap((r) => (r.error ? [`round ${r.round + 1}: ${r.error}`] : []));
    return {
      name: f.name,
      kind: f.kind,
      ...(f.floor ? { floor: f.floor } : {}),
      workloads,
      errors,
    };
  });
}

/** A ratio of two subjects on one workload: the median of the per-round ratios. */
export interface RatioFigure {
  workload: WorkloadId;
  /** Median of per-round (or per-block) ratios; NaN when either side has no figure. */
  ratio: number;
  /** How many ratios the median is of (rounds, or blocks of interleaved runs). */
  rounds: number;
  target?: number;
  /** undefined without a target or a figure. */
  ok?: boolean;
}

function perRound(
  runs: readonly SubjectRun[],
  subject: string,
  w: WorkloadId,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of runs) {
    if (r.subject !== subject) continue;
    const x = r.results.find((y) => y.workload === w && y.unsupported === undefined && y.n > 0);
    if (x) out.set(r.round, throughputOf(x));
  }
  return out;
}

/**
 * How many times faster `fast` is than `slow` on workload `w` (slow's time per op over fast's),
 * per round, median over the rounds both ran. `atMost`: target is an upper bound (adapter time
 * over floor time ≤ 1.2); otherwise a lower bound (sessionkit ≥ 100× faster than a peer).
 */
export function ratioOf(
  runs: readonly SubjectRun[],
  w: WorkloadId,
  numeratorTimeOf: string,
  denominatorTimeOf: string,
  target?: { value: number; atMost: boolean },
): RatioFigure {
  const num = perRound(runs, numeratorTimeOf, w);
  const den = perRound(runs, denominatorTimeOf, w);
  const ratios: number[] = [];
  for (const [round, numOps] of num) {
    const denOps = den.get(round);
    // time(num) / time(den) = ops(den) / ops(num)
    if (denOps !== undefined && numOps > 0) ratios.push(denOps / numOps);
  }
  const ratio = median(ratios);
  const figure: RatioFigure = { workload: w, ratio, rounds: ratios.length };
  if (target) {
    figure.target = target.value;
    if (Number.isFinite(ratio))
      figure.ok = target.atMost ? ratio <= target.value : ratio >= target.value;
  }
  return figure;
}

/**
 * The second subject's time over the first's from interleaved runs (an adapter over its floor,
 * a peer over sessionkit): every block's second time over the same block's first time (same
 * calls, back to back), median over all blocks of all runs. `atMost`: the target is an upper
 * bound (adapter ÷ floor ≤ 1.2); otherwise a lower bound (peer ÷ sessionkit ≥ 100).
 */
export function blockRatio(
  runs: ReadonlyArray<Partial<Record<WorkloadId, number[][]>>>,
  w: WorkloadId,
  target?: number,
  atMost = true,
): RatioFigure {
  const ratios: number[] = [];
  for (const run of runs) {
    for (const [floorUs, adapterUs] of (run[w] ?? []) as Array<[number, number]>) {
      if (floorUs > 0 && adapterUs > 0) ratios.push(adapterUs / floorUs);
    }
  }
  const ratio = median(ratios);
  const figure: RatioFigure = { workload: w, ratio, rounds: ratios.length };
  if (target !== undefined) {
    figure.target = target;
    if (Number.isFinite(ratio)) figure.ok = atMost ? ratio <= target : ratio >= target;
  }
  return figure;
}
