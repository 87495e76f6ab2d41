import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { ChatSnapshot } from "./chat-snapshot.js";

/**
 * The most recently used chat snapshots of a ChatStore (and the stores `forUser` derives from
 * it), so a turn reads only the events appended since the last one instead of the whole history.
 * A snapshot is only ever used after the store confirmed it (see {@link readChat}).
 */
export class ChatSnapshotCache {
  readonly #entries = new Map<string, ChatSnapshot>();

  /** `capacity` 0 keeps nothing. */
  constructor(readonly capacity: number) {}

  /** The snapshot of `key`, marked as most recently used; undefined when none is kept. */
  get(key: SessionKey): ChatSnapshot | undefined {
    const name = cacheName(key);
    const snapshot = this.#entries.get(name);
    if (snapshot !== undefined) {
      this.#entries.delete(name);
      this.#entries.set(name, snapshot);
    }
    return snapshot;
  }

  /** Keeps `snapshot` unless a later one of the same log is kept already. */
  set(key: SessionKey, snapshot: ChatSnapshot): void {
    if (this.capacity === 0) return;
    const name = cacheName(key);
    const kept = this.#entries.get(name);
    if (kept && kept.createdAt === snapshot.createdAt && kept.lastSeq > snapshot.lastSeq) return;
    this.#entries.delete(name);
    this.#entries.set(name, snapshot);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets `key`. */
  delete(key: SessionKey): void {
    this.#entries.delete(cacheName(key));
  }
}

function cacheName(key: SessionKey): string {
  return JSON.stringify([key.appName, key.userId, key.sessionId]);
}

/** A chat as read: its snapshot and the session revision it was read at. */
export interface ChatRead {
  snapshot: ChatSnapshot;
  revision: number;
}

/**
 * Reads a chat, `null` when the session is missing or expired. With a cached snapshot at seq
 * `n`, it reads only the events from seq `n` on (one indexed range read) and uses the snapshot
 * when the event at `n` is the one it folded last in a session with the same `createdAt`
 * (otherwise the chat was deleted and created again: it reads everything).
 */
export async function readChat(
  repository: SessionRepository,
  cache: ChatSnapshotCache,
  key: SessionKey,
): Promise<ChatRead | null> {
  const cached = cache.get(key);
  if (cached !== undefined && cached.lastSeq > 0) {
    const session = await repository.getSession(key, { afterSeq: cached.lastSeq - 1 });
    if (session === null) {
      cache.delete(key);
      return null;
    }
    const [first, ...newer] = session.events ?? [];
    if (
      session.createdAt === cached.createdAt &&
      first?.seq === cached.lastSeq &&
      first.id === cached.lastEventId
    ) {
      const snapshot = cached.advance(newer);
      cache.set(key, snapshot);
      return { snapshot, revision: session.revision };
    }
  }
  const session = await repository.getSession(key);
  if (session === null) {
    cache.delete(key);
    return null;
  }
  const snapshot = ChatSnapshot.fromSession(session);
  cache.set(key, snapshot);
  return { snapshot, revision: session.revision };
}
