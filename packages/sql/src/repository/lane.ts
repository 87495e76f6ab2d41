import { isPromiseLike } from "../driver/drive.js";

/**
 * The per-connection queue. Work that completes synchronously (better-sqlite3) runs at once
 * when nothing is pending, with no promise at all. Work that goes asynchronous (a libSQL
 * statement, or an open `transaction(fn)` whose callback awaits) holds the lane until it
 * settles; everything submitted meanwhile waits its turn, so nothing lands inside someone
 * else's transaction.
 */
export class Lane {
  private tail: Promise<void> | null = null;

  /** True while asynchronous work holds the lane. */
  get busy(): boolean {
    return this.tail !== null;
  }

  /**
   * Runs `task` in turn. When the lane is free it runs at once and a synchronous result is
   * returned as is (no promise); otherwise it starts after everything submitted before it has
   * settled (FIFO) and a promise is returned. The task's error reaches only this caller; the
   * lane moves on to the next task either way.
   */
  run<T>(task: () => T | Promise<T>): T | Promise<T> {
    if (this.tail === null) {
      const result = task();
      if (!isPromiseLike(result)) return result;
      return this.hold(Promise.resolve(result));
    }
    const previous = this.tail;
    return this.hold(previous.then(task));
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail ?? Promise.resolve();
  }

  private hold<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.tail = settled;
    void settled.then(() => {
      if (this.tail === settled) this.tail = null;
    });
    return work;
  }
}
