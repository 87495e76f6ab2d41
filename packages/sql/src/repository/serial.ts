import { isPromiseLike } from "../driver/drive.js";

/**
 * Runs tasks one after another. A task submitted while nothing is pending runs at once (and
 * may finish synchronously); otherwise it waits for the previous ones. Failures go to `onError`.
 */
export class Serial {
  private pending: Promise<void> | null = null;

  constructor(private readonly onError: (error: unknown) => void) {}

  get idle(): boolean {
    return this.pending === null;
  }

  submit(task: () => void | Promise<void>): void {
    if (this.pending === null) {
      let result: void | Promise<void>;
      try {
        result = task();
      } catch (error) {
        this.onError(error);
        return;
      }
      if (isPromiseLike(result)) this.track(Promise.resolve(result));
      return;
    }
    this.track(this.pending.then(task));
  }

  private track(work: Promise<void>): void {
    const settled = work.catch(this.onError);
    this.pending = settled;
    void settled.then(() => {
      if (this.pending === settled) this.pending = null;
    });
  }
}
