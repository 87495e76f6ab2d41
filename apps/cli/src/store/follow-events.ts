import { setTimeout as sleep } from "node:timers/promises";
import type { SessionEvent, SessionKey, SessionRepository } from "@sessionkit/core";

/** How often stores without cross-process watch are polled for new events. */
export const POLL_INTERVAL_MS = 500;

/** Why following stopped: the signal aborted (Ctrl-C), or the session went away. */
export type FollowEnd = "interrupted" | "session-gone";

/**
 * Calls `onEvent` for every event after `afterSeq` as it is appended, until `signal` aborts or
 * the session is deleted. Uses `watch` when the store reports writes of other processes
 * (capabilities.watch "cross-process", partial events included); otherwise polls the stored
 * events, since another process is doing the writing.
 */
export async function followEvents(
  repo: SessionRepository,
  key: SessionKey,
  afterSeq: number,
  signal: AbortSignal,
  onEvent: (event: SessionEvent) => void,
): Promise<FollowEnd> {
  // Watchers may poll on unref'd timers; this keeps the process alive until following ends.
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    if (repo.capabilities.watch === "cross-process") {
      for await (const event of repo.watch(key, { afterSeq, signal })) onEvent(event);
    } else {
      await poll(repo, key, afterSeq, signal, onEvent);
    }
  } catch (error) {
    if (!signal.aborted && !isNotFound(error)) throw error;
  } finally {
    clearInterval(keepAlive);
  }
  return signal.aborted ? "interrupted" : "session-gone";
}

async function poll(
  repo: SessionRepository,
  key: SessionKey,
  afterSeq: number,
  signal: AbortSignal,
  onEvent: (event: SessionEvent) => void,
): Promise<void> {
  let position = afterSeq;
  while (!signal.aborted) {
    const page = await repo.listEvents(key, { afterSeq: position, limit: 1_000 });
    for (const event of page.events) {
      onEvent(event);
      position = event.seq;
    }
    if (page.nextSeq === null) await sleep(POLL_INTERVAL_MS, undefined, { signal });
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "NOT_FOUND";
}
