import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmtRatio } from "../report/format.js";
import {
  aggregateRuns,
  blockRatio,
  type RatioFigure,
  ratioOf,
  type SubjectFigures,
  type SubjectRun,
  throughputOf,
  WORKLOADS,
} from "./aggregate.js";
import type { StandardSizes } from "./sizes.js";
import type { SubjectFactory, WorkloadId } from "./subject.js";
import type { BlockTimes, WorkloadResult } from "./workloads.js";

const WORKER = fileURLToPath(new URL("./worker.js", import.meta.url));

/** Targets of issue 8 against the floors (time ratio, at most) and the peers (speed-up, at least). */
export const FLOOR_TARGET = 1.2;
export const PEER_TARGETS: ReadonlyArray<{ match: RegExp; W2?: number; W3?: number }> = [
  { match: /DatabaseSessionService/i, W2: 100, W3: 20 },
  { match: /mastra/i, W2: 3, W3: 20 },
];
/** The sessionkit subject peers are compared with. */
export const PEER_BASELINE = "sessionkit sqlite";

export interface FloorRatio extends RatioFigure {
  adapter: string;
  floor: string;
}

export interface PeerRatio extends RatioFigure {
  peer: string;
}

export interface StandardResults {
  sizes: StandardSizes;
  rounds: number;
  /** Interleaved floor/adapter runs per adapter, and blocks per workload in each. */
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

interface ChildOutput {
  results: WorkloadResult[][];
  blockTimes: BlockTimes;
}

function runChild(
  subjects: string[],
  sizes: StandardSizes,
  blocks: number,
  timeoutMs: number,
): Promise<ChildOutput> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-std-"));
  return new Promise<ChildOutput>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", WORKER, JSON.stringify({ subjects, dir, sizes, blocks })],
      { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("close", (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      const last = out.trim().split("\n").at(-1) ?? "";
      let parsed: ChildOutput | undefined;
      try {
        parsed = code === 0 ? (JSON.parse(last) as ChildOutput) : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed) resolve(parsed);
      else {
        const why = signal
          ? `killed (${signal}) after ${timeoutMs / 1000} s`
          : code === 0
            ? "unreadable output"
            : `exit ${code}`;
        reject(new Error(`${why}: ${err.trim().split("\n").slice(-3).join(" | ")}`));
      }
    });
  });
}

const fmtOps = (x: number) => (x >= 100 ? Math.round(x).toLocaleString("en") : x.toFixed(1));

/**
 * Runs W1–W5 for every subject alone, each run in its own child process and fresh directory,
 * in `rounds` rounds of alternating order (the tables' figures and the peer ratios); then each
 * adapter with its floor in one process, interleaved in `blocks` blocks per workload,
 * `pairRounds` times (the floor ratios: median of the per-block ratios).
 */
export async function runStandard(
  factories: readonly SubjectFactory[],
  sizes: StandardSizes,
  rounds: number,
  pairRounds: number,
  blocks: number,
  log: (line: string) => void,
): Promise<StandardResults> {
  const started = performance.now();
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
    for (const f of roundOrder(factories, round)) {
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
  const subjects = aggregateRuns(factories, runs);
  // Floor ratios: floor and adapter in one process, interleaved block by block.
  const floorRatios: FloorRatio[] = [];
  for (const f of factories) {
    if (f.kind !== "adapter" || !f.floor || !factories.some((x) => x.name === f.floor)) continue;
    const pairs: BlockTimes[] = [];
    for (let round = 0; round < pairRounds; round++) {
      const t = performance.now();
      try {
        const out = await runChild([f.floor, f.name], sizes, blocks, timeoutMs * 2);
        pairs.push(out.blockTimes);
        const ratios = WORKLOADS.map(
          (w) => `${w} ${fmtRatio(blockRatio([out.blockTimes], w).ratio)}`,
        ).join("  ");
        log(
          `pair ${round + 1}/${pairRounds} ${f.name} ÷ ${f.floor}: ${ratios}  (${((performance.now() - t) / 1000).toFixed(1)} s)`,
        );
      } catch (error) {
        log(
          `pair ${round + 1}/${pairRounds} ${f.name} ÷ ${f.floor}: FAILED ${(error as Error).message}`,
        );
        failures.push(`${f.name} with ${f.floor}, pair ${round + 1}: ${(error as Error).message}`);
      }
    }
    for (const w of WORKLOADS) {
      floorRatios.push({ adapter: f.name, floor: f.floor, ...blockRatio(pairs, w, FLOOR_TARGET) });
    }
  }
  const peerRatios: PeerRatio[] = [];
  for (const f of factories) {
    if (f.kind !== "peer") continue;
    const targets = PEER_TARGETS.find((t) => t.match.test(f.name));
    for (const w of WORKLOADS) {
      const t = targets?.[w as "W2" | "W3"];
      // How many times faster sessionkit sqlite is: peer time / sqlite time.
      const r = ratioOf(
        runs,
        w,
        f.name,
        PEER_BASELINE,
        t === undefined ? undefined : { value: t, atMost: false },
      );
      peerRatios.push({ peer: f.name, ...r });
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
