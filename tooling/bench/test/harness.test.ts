import { describe, expect, it } from "vitest";
import { runComparison } from "../src/compare.js";
import { summarize } from "../src/measure.js";

describe("summarize", () => {
  it("gives the median, p90 and mean of the samples", () => {
    const samples = [5, 1, 4, 2, 3, 10, 6, 8, 7, 9];
    expect(summarize(samples)).toEqual({ p50: 6, p90: 10, mean: 5.5, samples: 10 });
  });
  it("copes with no samples", () => {
    expect(summarize([])).toEqual({ p50: 0, p90: 0, mean: 0, samples: 0 });
  });
});

describe("runComparison", () => {
  it("warms up, then interleaves both contenders round by round with the same call indexes", async () => {
    const calls: string[] = [];
    const result = await runComparison("unit", {
      workload: "noop",
      iterations: 40,
      warmup: 2,
      baseline: { label: "raw", run: (i) => calls.push(`b${i}`) },
      candidate: { label: "adapter", run: async (i) => void calls.push(`c${i}`) },
    });
    expect(calls.slice(0, 4)).toEqual(["b0", "b1", "c0", "c1"]);
    // Round 1: baseline first; round 2: candidate first — each round uses the same indexes.
    expect(calls.slice(4, 8)).toEqual(["b2", "b3", "c2", "c3"]);
    expect(calls.slice(8, 12)).toEqual(["c4", "c5", "b4", "b5"]);
    expect(result.baseline.samples).toBe(40);
    expect(result.candidate.samples).toBe(40);
    expect(result.ratio).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
    expect(result).toMatchObject({
      suite: "unit",
      workload: "noop",
      baselineLabel: "raw",
      candidateLabel: "adapter",
    });
  });
  it("marks a result not ok when its ratio exceeds the target", async () => {
    const spin = (us: number) => {
      const end = performance.now() + us / 1000;
      while (performance.now() < end) {}
    };
    const result = await runComparison("unit", {
      workload: "slow candidate",
      iterations: 20,
      target: 1.2,
      baseline: { label: "raw", run: () => spin(50) },
      candidate: { label: "adapter", run: () => spin(2_000) },
    });
    expect(result.ratio).toBeGreaterThan(1.2);
    expect(result.ok).toBe(false);
  });
});
