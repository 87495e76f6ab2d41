import { Lane } from "@sessionkit/sql";

/**
 * The repository's queue, for a pool: PostgreSQL runs units of work side by side (each on its
 * own pooled connection, writers of one session ordered by its row lock), so work starts at
 * once instead of waiting its turn. It only counts what is in flight, so `close()` can wait
 * for it.
 */
export class ConcurrentLane extends Lane {
  private readonly inFlight = new Set<Promise<unknown>>();

  /** Never busy: nothing waits for a turn. */
  override get busy(): boolean {
    return false;
  }

  /** Starts `task` now; a promise result is tracked until it settles. */
  override run<T>(task: () => T | Promise<T>): T | Promise<T> {
    const result = task();
    if (result instanceof Promise) {
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      this.inFlight.add(settled);
      void settled.then(() => this.inFlight.delete(settled));
    }
    return result;
  }

  /** Resolves once everything started so far has settled. */
  override async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
