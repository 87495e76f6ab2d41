import { isBusyError } from "../errors/to-session-kit-error.js";

/** Delay before open retry number `attempt` (0-based): 5, 10, 20, 40, 80, then 100 ms. */
function openRetryDelay(attempt: number): number {
  return Math.min(5 * 2 ** attempt, 100);
}

/** Blocks this thread for `ms` (synchronous opens, like the synchronous drivers). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs one whole open attempt (handle, pragmas, schema) again while it fails with BUSY, until
 * `busyTimeoutMs` is spent; then rethrows the last error (any other error at once).
 *
 * Why: several processes opening a fresh file at once meet SQLITE_BUSY where SQLite does not
 * call the busy handler (switching to WAL, reading a schema another process is creating, WAL
 * recovery). `attempt` must release what it opened before throwing.
 */
export function openWhileBusy<T>(attempt: () => T, busyTimeoutMs: number): T {
  const deadline = Date.now() + busyTimeoutMs;
  for (let n = 0; ; n++) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusyError(error) || Date.now() >= deadline) throw error;
      sleepSync(openRetryDelay(n));
    }
  }
}

/** {@link openWhileBusy} for asynchronous opens (waits with a timer instead of blocking). */
export async function openWhileBusyAsync<T>(
  attempt: () => Promise<T>,
  busyTimeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + busyTimeoutMs;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusyError(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, openRetryDelay(n)));
    }
  }
}
