import type { SessionEvent } from "../contract/session-event.js";

/**
 * A push-to-pull queue: producers `push` events (or `end`), the consumer iterates.
 * Used by watch() implementations.
 */
export class EventStream implements AsyncIterableIterator<SessionEvent> {
  private readonly buffer: SessionEvent[] = [];
  private waiting: {
    resolve: (result: IteratorResult<SessionEvent>) => void;
    reject: (error: unknown) => void;
  } | null = null;
  private ended = false;
  private failure: unknown = null;
  private readonly onEnd: Array<() => void> = [];

  constructor(signal?: AbortSignal) {
    if (signal?.aborted) this.end();
    else signal?.addEventListener("abort", () => this.end(), { once: true });
  }

  /** Registers cleanup to run once when the stream ends. */
  onClose(fn: () => void): void {
    if (this.ended) fn();
    else this.onEnd.push(fn);
  }

  /** True once the stream has ended. */
  get closed(): boolean {
    return this.ended;
  }

  /** Queues an event for the consumer; ignored once the stream has ended. */
  push(event: SessionEvent): void {
    if (this.ended) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
    } else this.buffer.push(event);
  }

  /** Ends the stream; with `error`, the next read rejects with it. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) this.failure = error;
    for (const fn of this.onEnd.splice(0)) fn();
    if (this.waiting && this.buffer.length === 0) {
      const { resolve, reject } = this.waiting;
      this.waiting = null;
      // A reader already waiting gets the failure too, not a silent end.
      if (this.failure !== null) {
        const failure = this.failure;
        this.failure = null;
        reject(failure);
      } else resolve({ value: undefined, done: true });
    }
  }

  /** The next event, waiting for one; done once ended and drained. */
  next(): Promise<IteratorResult<SessionEvent>> {
    const event = this.buffer.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Ends the stream and drops buffered events (`break` in `for await`). */
  return(): Promise<IteratorResult<SessionEvent>> {
    this.buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The stream is its own iterator. */
  [Symbol.asyncIterator](): AsyncIterableIterator<SessionEvent> {
    return this;
  }
}
