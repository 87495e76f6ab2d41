import type { Session } from "@google/adk";

/** What the store held when a `Session` object was handed out or last appended through. */
export interface TrackedRead {
  /** The session's revision (+1 per write) the object reflects. */
  revision: number;
  /** The seq of the last stored event the object reflects (0: none). */
  lastSeq: number;
}

/**
 * Remembers, per ADK `Session` object this service handed out, the revision and last seq of
 * the stored session it reflects — the object identity is the key, so two Runners holding two
 * objects of one session are told apart exactly (never by comparing timestamps).
 */
export class SessionTracker {
  private readonly reads = new WeakMap<Session, TrackedRead>();

  /** Records what `session` reflects. */
  track(session: Session, read: TrackedRead): void {
    this.reads.set(session, { ...read });
  }

  /** What `session` reflects, or undefined for an object this service did not hand out. */
  get(session: Session): TrackedRead | undefined {
    return this.reads.get(session);
  }
}
