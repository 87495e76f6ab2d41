/** The q-quantile (0 ≤ q ≤ 1) of ascending-sorted values, nearest rank; 0 for no values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

/** The median of the values (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Per-operation latency figures of one timed run, in microseconds, and its throughput. */
export interface LatencySummary {
  /** Operations done. */
  n: number;
  /** Operations per second over the whole run (n / total time). */
  opsPerSecond: number;
  p50: number;
  p99: number;
}

/** Summarizes per-operation times (µs) measured back to back over `totalUs` microseconds. */
export function summarizeLatencies(samplesUs: readonly number[], totalUs: number): LatencySummary {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    opsPerSecond: totalUs > 0 ? (sorted.length * 1e6) / totalUs : 0,
    p50: quantileSorted(sorted, 0.5),
    p99: quantileSorted(sorted, 0.99),
  };
}
