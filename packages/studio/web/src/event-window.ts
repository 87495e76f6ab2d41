import type { StoredEvent } from "./types.js";

/** Events are fetched in blocks of this many seqs (one listEvents call each). */
export const BLOCK = 200;

/**
 * The events of one session by seq, fetched block by block as the timeline scrolls to them and
 * kept (seqs are gapless from 1, so seq n lives in block ⌊(n − 1) / BLOCK⌋).
 */
export class EventWindow {
  private readonly events = new Map<number, StoredEvent>();
  private readonly loading = new Map<number, Promise<void>>();

  constructor(
    private readonly fetchBlock: (afterSeq: number, limit: number) => Promise<StoredEvent[]>,
  ) {}

  /** The event with this seq, if loaded. */
  get(seq: number): StoredEvent | undefined {
    return this.events.get(seq);
  }

  /** Adds an event that arrived live. */
  put(event: StoredEvent): void {
    this.events.set(event.seq, event);
  }

  /**
   * Loads every block touching seqs first..last; resolves when all are in, with true when
   * something had to be fetched (the caller then re-renders), false when all was there.
   */
  async ensure(first: number, last: number): Promise<boolean> {
    const blocks: Promise<void>[] = [];
    for (let b = Math.floor((first - 1) / BLOCK); b <= Math.floor((last - 1) / BLOCK); b++) {
      if (b < 0) continue;
      const start = b * BLOCK + 1;
      if (this.events.has(start) && this.events.has(Math.min(last, start + BLOCK - 1))) continue;
      let pending = this.loading.get(b);
      if (pending === undefined) {
        pending = this.fetchBlock(b * BLOCK, BLOCK).then(
          (events) => {
            for (const event of events) this.events.set(event.seq, event);
            this.loading.delete(b);
          },
          (error: unknown) => {
            this.loading.delete(b);
            throw error;
          },
        );
        this.loading.set(b, pending);
      }
      blocks.push(pending);
    }
    await Promise.all(blocks);
    return blocks.length > 0;
  }
}
