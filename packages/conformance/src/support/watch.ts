import type { SessionEvent } from "@sessionkit/core";

/**
 * Reads `count` items from an open iterator, failing with a clear message when they do not
 * all arrive within `timeoutMs` (a hang guard, not a speed assertion).
 */
export async function take(
  iterator: AsyncIterator<SessionEvent>,
  count: number,
  timeoutMs = 5_000,
): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    const next = await nextWithin(iterator, deadline - Date.now());
    if (next === "timeout") {
      throw new Error(`watch delivered ${out.length} of ${count} events within ${timeoutMs} ms`);
    }
    if (next.done) throw new Error(`watch ended after ${out.length} of ${count} events`);
    out.push(next.value);
  }
  return out;
}

/** One `next()` raced against a timer; "timeout" when the timer wins. */
export async function nextWithin<T>(
  iterator: AsyncIterator<T>,
  ms: number,
): Promise<IteratorResult<T> | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, ms));
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
