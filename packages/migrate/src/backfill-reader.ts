import type { SessionKey, SessionSnapshot } from "@sessionkit/core";
import { canonicalJson } from "@sessionkit/core/adapter-kit";
import { orderedSessions, type SessionSource, type UnreadableHandler } from "./session-source.js";

/** The string form of a session key in the backfill's maps and sets. */
export function keyText(key: SessionKey): string {
  return canonicalJson([key.appName, key.userId, key.sessionId]);
}

/**
 * The source's sessions in ascending key order, strictly after the resume point, one at a time
 * (the source reads ahead on its own; see `scanSnapshots`). Out-of-order keys fail loudly.
 */
export class SessionReader {
  /** The source has yielded its last session. */
  exhausted = false;
  private readonly sessions: AsyncIterator<SessionSnapshot>;

  /**
   * @param after the resume point (null: from the first session).
   * @param onUnreadable decides about a session the source cannot read (see `UnreadableHandler`).
   */
  constructor(source: SessionSource, after: SessionKey | null, onUnreadable?: UnreadableHandler) {
    this.sessions = orderedSessions(source, after ?? undefined, onUnreadable)[
      Symbol.asyncIterator
    ]();
  }

  /** The next session; undefined, with {@link exhausted} set, once the source has no more. */
  async next(): Promise<SessionSnapshot | undefined> {
    const next = await this.sessions.next();
    if (next.done) {
      this.exhausted = true;
      return undefined;
    }
    return next.value;
  }

  /** Ends the source's stream, read to the end or not, so it releases what it holds. */
  async close(): Promise<void> {
    await this.sessions.return?.(undefined);
  }
}

/** How many re-reads {@link LookAheadReads} keeps in flight. */
const LOOK_AHEAD = 48;

/**
 * Re-reads of single sessions from the source (`source.read`) with a small look-ahead window,
 * so file I/O overlaps without holding a batch twice: announce the keys with {@link expect},
 * then {@link read} them in that order.
 */
export class LookAheadReads {
  private readonly ahead = new Map<string, Promise<SessionSnapshot | null>>();
  private queue: SessionKey[] = [];

  /** @param source a source with `read`. */
  constructor(private readonly source: SessionSource) {}

  /** The keys about to be read, in order; replaces the keys announced before. */
  expect(keys: SessionKey[]): void {
    this.queue = keys;
  }

  /** One session as the source has it now (null: deleted); starts the reads announced next. */
  read(key: SessionKey): Promise<SessionSnapshot | null> {
    const k = keyText(key);
    while (this.ahead.size < LOOK_AHEAD && this.queue.length > 0) {
      const next = this.queue.shift() as SessionKey;
      const nk = keyText(next);
      if (!this.ahead.has(nk)) {
        const pending = this.readNow(next);
        pending.catch(() => {}); // surfaced when its key is read
        this.ahead.set(nk, pending);
      }
    }
    const pending = this.ahead.get(k) ?? this.readNow(key);
    this.ahead.delete(k);
    return pending;
  }

  private readNow(key: SessionKey): Promise<SessionSnapshot | null> {
    return (this.source as Required<Pick<SessionSource, "read">>).read(key);
  }
}
