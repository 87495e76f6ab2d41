import {
  aggregateRuns,
  blockRatio,
  ratioOf,
  type SubjectFigures,
  type SubjectRun,
  throughputOf,
  WORKLOADS,
} from "./aggregate.js";
import { runChild } from "./child.js";
import {
  type FloorRatio,
  floorRatiosOf,
  PEER_BASELINE,
  type PeerRatio,
  pairSpecs,
  peerTarget,
  runPair,
} from "./pairs.js";
import type { StandardSizes } from "./sizes.js";
import type { SubjectFactory, WorkloadId } from "./subject.js";
import type { WorkloadResult } from "./workloads.js";

export {
  FLOOR_TARGET,
  type FloorRatio,
  PEER_BASELINE,
  PEER_TARGETS,
  type PeerRatio,
} from "./pairs.js";

export interface StandardResults {
  sizes: StandardSizes;
  rounds: number;
  /** Interleaved floor/adapter runs per adapter, and blocks per workload in each (peers: one run, ten times the blocks). */
  pairRounds: number;
  blocks: number;
  subjects: SubjectFigures[];
  floorRatios: FloorRatio[];
  peerRatios: PeerRatio[];
  /** Child runs that failed (a crash, a timeout): the figures they would have given are missing. */
  failures: string[];
  seconds: number;
}

/**
 * The order subjects run in, round by round: as listed on even rounds, reversed on odd ones,
 * so every adapter and its floor alternate who goes first (A B, B A, …).
 */
export function roundOrder<T>(subjects: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...subjects] : [...subjects].reverse();
}

const fmtOps = (x: number) => (x >= 100 ? Math.round(x).toLocaleString("en") : x.toFixed(1));

/**
 * Runs W1–W5 for every subject alone (except pair-only ones), each run in its own child process
 * and fresh directory, in `rounds` rounds of alternating order (the tables' figures); then the
 * pairs of `pairSpecs` — each adapter with its own-SQL and its lean floor, sessionkit sqlite
 * with each peer — in one process, interleaved in blocks per workload (the ratios: median of
 * the per-block ratios). Without `peerPairs` (smoke runs), or when a peer's pair failed, its
 * ratios come from the per-subject rounds.
 */
export async function runStandard(
  factories: readonly SubjectFactory[],
  sizes: StandardSizes,
  rounds: number,
  pairRounds: number,
  blocks: number,
  log: (line: string) => void,
  peerPairs = true,
): Promise<StandardResults> {
  const started = performance.now();
  const alone = factories.filter((f) => !f.pairOnly);
  const runs: SubjectRun[] = [];
  const failures: string[] = [];
  // Each of 5 workloads may use its budget (W5 twice), plus setup and top-ups.
  const timeoutMs = sizes.budgetMs * 14 + 120_000;
  const summary = (results: WorkloadResult[]) =>
    results
      .map((r) =>
        r.unsupported ? `${r.workload} —` : `${r.workload} ${fmtOps(throughputOf(r))}/s`,
      )
      .join("  ");
  for (let round = 0; round < rounds; round++) {
    for (const f of roundOrder(alone, round)) {
      const t = performance.now();
      try {
        const out = await runChild([f.name], sizes, 1, timeoutMs);
        const results = out.results[0] as WorkloadResult[];
        runs.push({ subject: f.name, round, results });
        log(
          `round ${round + 1}/${rounds} ${f.name.padEnd(34)} ${summary(results)}  (${((performance.now() - t) / 1000).toFixed(1)} s)`,
        );
      } catch (error) {
        runs.push({ subject: f.name, round, results: [], error: (error as Error).message });
        failures.push(`${f.name}, round ${round + 1}: ${(error as Error).message}`);
        log(`round ${round + 1}/${rounds} ${f.name}: FAILED ${(error as Error).message}`);
      }
    }
  }
  const subjects = aggregateRuns(alone, runs);
  // Floor and peer ratios: two subjects in one process, interleaved block by block.
  const floorRatios: FloorRatio[] = [];
  const peerRatios: PeerRatio[] = [];
  for (const spec of pairSpecs(factories, blocks, pairRounds, peerPairs)) {
    const pair = await runPair(spec, sizes, timeoutMs * 2, log, failures);
    if (spec.kind !== "peer") {
      floorRatios.push(...floorRatiosOf(pair, factories));
      continue;
    }
    for (const w of WORKLOADS) {
      const t = peerTarget(spec.second, w);
      const figure = blockRatio(pair.blockTimes, w, t, false);
      if (figure.rounds > 0) {
        peerRatios.push({ peer: spec.second, source: "interleaved", ...figure });
        continue;
      }
      // The pair failed: fall back on the per-subject rounds (peer time / sqlite time).
      const target = t === undefined ? undefined : { value: t, atMost: false };
      const r = ratioOf(runs, w, spec.second, PEER_BASELINE, target);
      peerRatios.push({ peer: spec.second, source: "rounds", ...r });
    }
  }
  return {
    sizes,
    rounds,
    pairRounds,
    blocks,
    subjects,
    floorRatios,
    peerRatios,
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}

export type { WorkloadId };
