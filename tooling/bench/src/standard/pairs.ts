import { fmtRatio } from "../report/format.js";
import { median } from "../stats.js";
import { blockRatio, type RatioFigure, WORKLOADS } from "./aggregate.js";
import { runChild } from "./child.js";
import type { StandardSizes } from "./sizes.js";
import type { SubjectFactory, WorkloadId } from "./subject.js";
import type { BlockTimes, WorkloadResult } from "./workloads.js";

/** Issue 8: an adapter's time at most this many times its own-SQL floor's. */
export const FLOOR_TARGET = 1.2;
/** Issue 21: an adapter's time over its lean floor's, at most (full-text on). */
export const LEAN_TARGETS: Readonly<Record<WorkloadId, number>> = {
  W1: 1.5,
  W2: 1.5,
  W3: 1.2,
  W4: 1.5,
  W5: 1.2,
};
/** Issue 21: W2 with full-text search off, adapter over lean floor, at most. */
export const LEAN_TEXT_OFF_W2_TARGET = 1.3;
/** Issue 21: the adapter's append (W2) p99 at most this many times the lean floor's p99. */
export const LEAN_P99_TARGET = 2;
/** Issue 8: how many times faster sessionkit sqlite must be than a peer (at least). */
export const PEER_TARGETS: ReadonlyArray<{ match: RegExp; W2?: number; W3?: number }> = [
  { match: /DatabaseSessionService/i, W2: 100, W3: 20 },
  { match: /mastra/i, W2: 3, W3: 20 },
];
/** The sessionkit subject peers are compared with. */
export const PEER_BASELINE = "sessionkit sqlite";

/**
 * Which floor a ratio is to: the adapter's own SQL on the raw driver, the lean design, or
 * (informational) the lean design with sessionkit's listing indexes, or doing the append's
 * contract work.
 */
export type FloorKind = "own-SQL" | "lean" | "lean + listing indexes" | "lean + contract work";

/** How the report names a floor kind ("own-SQL floor", "lean floor", …). */
export function floorKindLabel(kind: FloorKind | undefined): string {
  switch (kind) {
    case "lean":
      return "lean floor";
    case "lean + listing indexes":
      return "lean floor + listing indexes";
    case "lean + contract work":
      return "lean floor + contract work";
    default:
      return "own-SQL floor";
  }
}

/** An adapter's time over a floor's, per workload, from interleaved runs. */
export interface FloorRatio extends RatioFigure {
  adapter: string;
  floor: string;
  /** Absent in results written before issue 21: own-SQL. */
  floorKind?: FloorKind;
  /** W2 only: adapter p99 ÷ floor p99 in the same interleaved runs (median over runs). */
  p99Ratio?: number;
  p99Target?: number;
  p99Ok?: boolean;
}

/** How many times faster sessionkit sqlite is than a peer, per workload. */
export interface PeerRatio extends RatioFigure {
  peer: string;
  /** "interleaved": from blocks taken in turns in one process; "rounds": per-subject runs. */
  source?: "interleaved" | "rounds";
}

/** Two subjects run interleaved in one process: the ratio is `second` time ÷ `first` time. */
export interface PairSpec {
  kind: FloorKind | "peer";
  first: string;
  second: string;
  blocks: number;
  rounds: number;
}

/**
 * Every interleaved pair of a run: each adapter after its own-SQL floor, its lean floor, its
 * lean floor with listing indexes and its lean floor doing the append's contract work;
 * sessionkit sqlite before each peer unless `peers` is false (peers are slow: ten times the
 * blocks, so a workload cut short by its budget still gives a median of many blocks; one run).
 */
export function pairSpecs(
  factories: readonly SubjectFactory[],
  blocks: number,
  pairRounds: number,
  peers = true,
): PairSpec[] {
  const has = (name: string | undefined) =>
    name !== undefined && factories.some((f) => f.name === name);
  const specs: PairSpec[] = [];
  for (const f of factories) {
    if (f.kind !== "adapter") continue;
    for (const [kind, floor] of [
      ["own-SQL", f.floor],
      ["lean", f.leanFloor],
      ["lean + listing indexes", f.listingLeanFloor],
      ["lean + contract work", f.contractLeanFloor],
    ] as const) {
      if (has(floor)) {
        specs.push({ kind, first: floor as string, second: f.name, blocks, rounds: pairRounds });
      }
    }
  }
  if (peers && has(PEER_BASELINE)) {
    for (const f of factories) {
      if (f.kind === "peer")
        specs.push({
          kind: "peer",
          first: PEER_BASELINE,
          second: f.name,
          blocks: blocks * 10,
          rounds: 1,
        });
    }
  }
  return specs;
}

/** One pair's interleaved runs: block times and each side's results, per run. */
export interface PairRuns {
  spec: PairSpec;
  blockTimes: BlockTimes[];
  results: WorkloadResult[][][];
}

/** Runs a pair `spec.rounds` times, each in its own child process; failures are reported. */
export async function runPair(
  spec: PairSpec,
  sizes: StandardSizes,
  timeoutMs: number,
  log: (line: string) => void,
  failures: string[],
): Promise<PairRuns> {
  const out: PairRuns = { spec, blockTimes: [], results: [] };
  for (let round = 0; round < spec.rounds; round++) {
    const t = performance.now();
    const label = `pair ${round + 1}/${spec.rounds} ${spec.second} ÷ ${spec.first}`;
    try {
      const run = await runChild([spec.first, spec.second], sizes, spec.blocks, timeoutMs);
      out.blockTimes.push(run.blockTimes);
      out.results.push(run.results);
      const ratios = WORKLOADS.map(
        (w) => `${w} ${fmtRatio(blockRatio([run.blockTimes], w).ratio)}`,
      ).join("  ");
      log(`${label}: ${ratios}  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    } catch (error) {
      log(`${label}: FAILED ${(error as Error).message}`);
      failures.push(
        `${spec.second} with ${spec.first}, pair ${round + 1}: ${(error as Error).message}`,
      );
    }
  }
  return out;
}

/** The targets of an adapter against a floor on workload `w` (none: informational). */
function floorTarget(kind: FloorKind, adapter: SubjectFactory | undefined, w: WorkloadId) {
  if (kind === "own-SQL") return FLOOR_TARGET;
  if (kind === "lean + listing indexes" || kind === "lean + contract work") return undefined;
  // The full-text-off variants exist for W2's target only.
  if (adapter?.pairOnly) return w === "W2" ? LEAN_TEXT_OFF_W2_TARGET : undefined;
  return LEAN_TARGETS[w];
}

/** Median over runs of the second subject's W2 p99 over the first's. */
function p99RatioOf(results: WorkloadResult[][][]): number {
  const ratios: number[] = [];
  for (const run of results) {
    const [a, b] = run.map((r) => r.find((x) => x.workload === "W2"));
    if (a && b && a.p99 > 0 && b.p99 > 0) ratios.push(b.p99 / a.p99);
  }
  return median(ratios);
}

/** The floor ratios of a floor pair, one per workload (W2 with the p99 ratio). */
export function floorRatiosOf(pair: PairRuns, factories: readonly SubjectFactory[]): FloorRatio[] {
  const kind = pair.spec.kind as FloorKind;
  const adapter = factories.find((f) => f.name === pair.spec.second);
  return WORKLOADS.map((w) => {
    const r: FloorRatio = {
      adapter: pair.spec.second,
      floor: pair.spec.first,
      floorKind: kind,
      ...blockRatio(pair.blockTimes, w, floorTarget(kind, adapter, w)),
    };
    if (w === "W2") {
      r.p99Ratio = p99RatioOf(pair.results);
      if (kind === "lean") {
        r.p99Target = LEAN_P99_TARGET;
        if (Number.isFinite(r.p99Ratio)) r.p99Ok = r.p99Ratio <= LEAN_P99_TARGET;
      }
    }
    return r;
  });
}

/** The peer's targets on workload `w` (issue 8), if any. */
export function peerTarget(peer: string, w: WorkloadId): number | undefined {
  return PEER_TARGETS.find((t) => t.match.test(peer))?.[w as "W2" | "W3"];
}
