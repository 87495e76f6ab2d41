import { collectGarbage, summarize, timeCalls } from "./measure.js";
import type { Comparison, ComparisonResult } from "./suite.js";

/** Rounds each contender's calls are split into, alternating, so drift hits both alike. */
const ROUNDS = 20;

/**
 * Measures baseline and candidate in alternating rounds (B, C, B, C, …) after a warm-up of
 * each, and compares their medians.
 */
export async function runComparison(suite: string, c: Comparison): Promise<ComparisonResult> {
  const warmup = c.warmup ?? Math.max(1, Math.floor(c.iterations / 10));
  const scratch: number[] = [];
  await timeCalls((i) => c.baseline.run(i), warmup, scratch);
  await timeCalls((i) => c.candidate.run(i), warmup, scratch);
  const base: number[] = [];
  const cand: number[] = [];
  const roundRatios: number[] = [];
  const rounds = Math.min(ROUNDS, c.iterations);
  const perRound = Math.ceil(c.iterations / rounds);
  let done = 0;
  for (let r = 0; r < rounds && done < c.iterations; r++) {
    const n = Math.min(perRound, c.iterations - done);
    collectGarbage();
    const b: number[] = [];
    const k: number[] = [];
    // Alternate which side goes first, so neither always inherits the other's leftovers.
    if (r % 2 === 0) {
      await timeCalls((i) => c.baseline.run(i), n, b, warmup + done);
      collectGarbage();
      await timeCalls((i) => c.candidate.run(i), n, k, warmup + done);
    } else {
      await timeCalls((i) => c.candidate.run(i), n, k, warmup + done);
      collectGarbage();
      await timeCalls((i) => c.baseline.run(i), n, b, warmup + done);
    }
    base.push(...b);
    cand.push(...k);
    roundRatios.push(summarize(k).p50 / summarize(b).p50);
    done += n;
  }
  const baseline = summarize(base);
  const candidate = summarize(cand);
  // The median of per-round ratios: each round compares both sides under the same machine load.
  const ratio = summarize(roundRatios).p50;
  return {
    suite,
    workload: c.workload,
    baselineLabel: c.baseline.label,
    candidateLabel: c.candidate.label,
    baseline,
    candidate,
    ratio,
    target: c.target,
    ok: c.target === undefined || ratio <= c.target,
    note: c.note?.(baseline, candidate),
  };
}
