import type { HealthReport } from "../contract/results.js";

/**
 * A health report from one probe of the store (a cheap read): ok with its latency, or not ok
 * with the probe's error message and the time until it failed. Never throws.
 */
export async function probeHealth(probe: () => Promise<unknown>): Promise<HealthReport> {
  const started = performance.now();
  try {
    await probe();
    return { ok: true, latencyMs: performance.now() - started };
  } catch (error) {
    return {
      ok: false,
      latencyMs: performance.now() - started,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
