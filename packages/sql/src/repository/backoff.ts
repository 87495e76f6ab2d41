/** Bounded retry policy for BUSY: attempts after the first, and the base delay. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 4. */
  retries: number;
  /** First backoff delay in ms; doubles each retry, with jitter. Default 25. */
  baseDelayMs: number;
}

/**
 * The policy used when none is given: 4 retries after the first attempt, waiting about 25, 50,
 * 100 and 200 ms before them (each ±50% jitter).
 */
export const defaultRetryPolicy: RetryPolicy = { retries: 4, baseDelayMs: 25 };

/** Delay before retry number `attempt` (1-based): exponential with ±50% jitter. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const base = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.round(base * (0.5 + Math.random()));
}

/** Resolves after `ms` milliseconds (a `setTimeout`); never rejects. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
