/**
 * In-process fan-out by key: listeners subscribe to one key (a session) and receive what is
 * published for it, synchronously and in subscription order. A listener that unsubscribes
 * during delivery does not disturb it. The base of the memory repository's watchers and the
 * SQL adapters' watch hub.
 */
export class ListenerRegistry<T> {
  readonly #listeners = new Map<string, Set<(value: T) => void>>();
  #count = 0;

  /** How many listeners are subscribed, over every key. */
  get size(): number {
    return this.#count;
  }

  /** Adds `listener` for `key`. @returns the unsubscribe function (idempotent). */
  subscribe(key: string, listener: (value: T) => void): () => void {
    let set = this.#listeners.get(key);
    if (!set) {
      set = new Set();
      this.#listeners.set(key, set);
    }
    set.add(listener);
    this.#count++;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.#count--;
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(key);
    };
  }

  /** Delivers `value` to the listeners of `key`. Call it only after the write committed. */
  publish(key: string, value: T): void {
    const set = this.#listeners.get(key);
    if (!set) return;
    for (const listener of [...set]) listener(value);
  }

  /** Delivers `value` to every listener of every key. */
  broadcast(value: T): void {
    for (const set of [...this.#listeners.values()]) for (const l of [...set]) l(value);
  }

  /** Forgets every listener (without telling them). */
  clear(): void {
    this.#listeners.clear();
    this.#count = 0;
  }
}
