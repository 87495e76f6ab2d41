import type { SessionEvent } from "../contract/session-event.js";

/** A live subscriber: receives events, or `null` when the stream ends (deleted, closed). */
export type WatchListener = (event: SessionEvent | null) => void;

/** In-process fan-out of appended events to watchers of each session. */
export class MemoryWatchers {
  private readonly listeners = new Map<string, Set<WatchListener>>();

  subscribe(sessionKey: string, listener: WatchListener): () => void {
    let set = this.listeners.get(sessionKey);
    if (!set) {
      set = new Set();
      this.listeners.set(sessionKey, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(sessionKey);
    };
  }

  publish(sessionKey: string, event: SessionEvent | null): void {
    const set = this.listeners.get(sessionKey);
    if (!set) return;
    for (const listener of [...set]) listener(event);
  }

  endAll(): void {
    for (const set of this.listeners.values()) for (const listener of [...set]) listener(null);
    this.listeners.clear();
  }
}
