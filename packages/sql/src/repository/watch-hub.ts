import type { SessionEvent } from "@sessionkit/core";
import { ListenerRegistry } from "@sessionkit/core/adapter-kit";

/** A watcher's listener: an event (stored or partial), "changed" (re-read), or null (ended). */
export type HubListener = (event: SessionEvent | "changed" | null) => void;

/**
 * In-process fan-out of committed events per session (by watch key, see `watchKeyOf`), shared
 * by every repository on one connection. `publish` with null: the session is gone.
 */
export class WatchHub extends ListenerRegistry<SessionEvent | "changed" | null> {
  /**
   * Tells every listener of every session "changed" (re-read from your position), synchronously;
   * used when another process may have written.
   */
  changedAll(): void {
    this.broadcast("changed");
  }
}
