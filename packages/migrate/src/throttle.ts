/** Sleeps `ms`, ending early (without error) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Keeps a long-running copy under `maxPerSecond` units (events) on average: call `after(n)`
 * when n units are done and it sleeps just long enough.
 */
export class Throttle {
  private readonly start: number;
  private done = 0;

  constructor(
    private readonly maxPerSecond: number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.start = now();
  }

  /**
   * Records `units` more done and sleeps until the average since construction is back at
   * `maxPerSecond` (no wait when it is not exceeded, or when no limit was given). Resolves early,
   * without error, when `signal` aborts.
   */
  async after(units: number, signal?: AbortSignal): Promise<void> {
    this.done += units;
    if (!this.maxPerSecond || this.maxPerSecond <= 0) return;
    const due = this.start + (this.done / this.maxPerSecond) * 1000;
    await sleep(due - this.now(), signal);
  }
}
