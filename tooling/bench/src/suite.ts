import type { Summary } from "./measure.js";

/** One side of a comparison: the raw driver (the floor) or an adapter. */
export interface Contender {
  label: string;
  /** One timed operation; `i` counts calls from 0. May return a promise. */
  run(i: number): unknown;
}

/** A workload measured on two contenders in the same process and run, interleaved. */
export interface Comparison {
  /** What is measured, e.g. "appendEvent (FTS on)". */
  workload: string;
  baseline: Contender;
  candidate: Contender;
  /** Timed calls per contender. */
  iterations: number;
  /** Untimed calls per contender first (JIT, caches). Default iterations / 10. */
  warmup?: number;
  /** The highest acceptable candidate/baseline ratio; omit for an informational comparison. */
  target?: number;
  /** Extra absolute information printed under the row, e.g. "per event 2.6 µs". */
  note?: (baseline: Summary, candidate: Summary) => string;
}

export interface ComparisonResult {
  suite: string;
  workload: string;
  baselineLabel: string;
  candidateLabel: string;
  baseline: Summary;
  candidate: Summary;
  ratio: number;
  target: number | undefined;
  ok: boolean;
  note?: string;
}

/** What every suite receives. */
export interface BenchContext {
  /** `--quick`: small sizes for a fast smoke run. */
  quick: boolean;
  /** A fresh temporary directory, removed after the suite. */
  tempDir(): string;
  /** Measures one comparison and records its result. */
  compare(comparison: Comparison): Promise<ComparisonResult>;
  /** Prints a line of setup or progress information. */
  log(message: string): void;
}

/**
 * A benchmark suite: one adapter (or tool) against its raw driver doing the same work.
 * Add a file in src/suites/ and register it in src/suites/index.ts.
 */
export interface BenchSuite {
  name: string;
  /** One line saying what is compared with what. */
  description: string;
  run(context: BenchContext): Promise<void>;
}
