import type { SessionEvent } from "@sessionkit/core";

/** A watcher's listener: an event (stored or partial), "changed" (re-read), or null (ended). */
export type HubListener = (event: SessionEvent | "changed" | null) => void;

/**
 * In-process fan-out of committed events per session, shared by every repository on one
 * connection. `changedAll` tells every watcher to re-read (another process wrote).
 */
export class WatchHub {
  private readonly listeners = new Map<string, Set<HubListener>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Adds `listener` for the session with watch key `key` (see `watchKeyOf`). Returns the
   * unsubscribe function, idempotent (a second call does nothing).
   */
  subscribe(key: string, listener: HubListener): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    this.count++;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.count--;
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /**
   * Delivers `event` (null: the session is gone) synchronously to the listeners of `key`, in
   * subscription order. Call it only after the write committed. Listeners that unsubscribe
   * during delivery do not disturb it.
   */
  publish(key: string, event: SessionEvent | null): void {
    const set = this.listeners.get(key);
    if (!set) return;
    for (const listener of [...set]) listener(event);
  }

  /**
   * Tells every listener of every session "changed" (re-read from your position), synchronously;
   * used when another process may have written.
   */
  changedAll(): void {
    for (const set of [...this.listeners.values()]) for (const l of [...set]) l("changed");
  }
}
