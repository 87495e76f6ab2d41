import type { SessionEvent } from "@sessionkit/core";

/**
 * The events one watcher has received, and a way to wait for one. A watch may read where it
 * starts asynchronously (the contract allows it), so the first stored event it delivers is the
 * proof that it is live: partial events appended before that could miss it.
 */
export class Received {
  readonly events: SessionEvent[] = [];
  #waiters: Array<() => void> = [];

  push(event: SessionEvent): void {
    this.events.push(event);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves once an event with this seq has arrived; rejects after `timeoutMs`. */
  async untilSeq(seq: number, who: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.events.some((e) => !e.partial && e.seq === seq)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${who} did not receive seq ${seq} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
