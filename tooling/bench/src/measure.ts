/** Wall time of one call, in microseconds. */
export type Timed = () => unknown;

/** Summary of samples in microseconds. */
export interface Summary {
  p50: number;
  p90: number;
  mean: number;
  samples: number;
}

export function summarize(samplesUs: number[]): Summary {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return { p50: at(0.5), p90: at(0.9), mean, samples: sorted.length };
}

/** Collects garbage when node runs with --expose-gc, so one workload's garbage is not billed to the next. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Times `count` calls of `fn` one by one (each awaited), appending microseconds to `out`. */
export async function timeCalls(
  fn: (i: number) => unknown,
  count: number,
  out: number[],
  offset = 0,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const result = fn(offset + i);
    if (result instanceof Promise) await result;
    out.push((performance.now() - start) * 1000);
  }
}
