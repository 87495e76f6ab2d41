import type { SessionEvent } from "../contract/session-event.js";
import { ListenerRegistry } from "../kit/listener-registry.js";

/** A live subscriber: receives events, or `null` when the stream ends (deleted, closed). */
export type WatchListener = (event: SessionEvent | null) => void;

/** In-process fan-out of appended events to watchers of each session. */
export class MemoryWatchers extends ListenerRegistry<SessionEvent | null> {
  /** Ends every watcher (the repository closed). */
  endAll(): void {
    this.broadcast(null);
    this.clear();
  }
}
