import type { SessionEvent } from "@sessionkit/core";

/** A live subscriber: an event, or null when the session is gone. */
export type BusListener = (event: SessionEvent | null) => void;

// Process-wide, keyed by absolute session file path, so that two repositories opened on the
// same root in one process see each other's writes (and partial events) at once.
const listeners = new Map<string, Set<BusListener>>();

export function subscribe(file: string, listener: BusListener): () => void {
  let set = listeners.get(file);
  if (!set) {
    set = new Set();
    listeners.set(file, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && listeners.get(file) === set) listeners.delete(file);
  };
}

export function publish(file: string, event: SessionEvent | null): void {
  const set = listeners.get(file);
  if (!set) return;
  for (const listener of [...set]) listener(event);
}
