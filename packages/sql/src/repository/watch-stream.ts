import {
  describeKey,
  type ErrorContext,
  type SessionEvent,
  type SessionKey,
  type WatchOptions,
} from "@sessionkit/core";
import {
  assertSessionKey,
  EventStream,
  normalizeWatchOptions,
  sessionNotFound,
} from "@sessionkit/core/adapter-kit";
import { isPromiseLike } from "../driver/drive.js";
import type { SqlWork } from "../driver/sql-work.js";
import { watchKeyOf } from "../engine/write-context.js";
import { Serial } from "./serial.js";
import type { SqlSharedConnection } from "./sql-host.js";

/** What a watcher has not seen yet (see `SessionEngine.changesAfter`). */
type SessionChanges = { events: SessionEvent[]; partials: Array<[number, SessionEvent]> };

/** What a watch needs from its repository. */
export interface WatchSource {
  readonly adapter: string;
  readonly connection: SqlSharedConnection;
  /** Runs a read through the connection's queue; synchronous when possible. */
  read<T>(ctx: ErrorContext, work: () => SqlWork<T>): T | Promise<T>;
}

/**
 * Opens one watch. The starting position is read at once (synchronously on a synchronous
 * driver, so "from now on" means from this call). Events committed in this process arrive
 * through the hub without a read; a gap, or a "changed" signal from the cross-process poller,
 * makes the watcher re-read its session's events after the last delivered seq (one indexed
 * range read) and the partial events other processes kept since its last read. The stream ends when the session is deleted, the signal aborts, or the
 * repository closes.
 */
export function openWatch(
  source: WatchSource,
  key: SessionKey,
  options: WatchOptions | undefined,
): EventStream {
  const ctx: ErrorContext = {
    adapter: source.adapter,
    operation: "watch",
    subject: describeKey(key),
  };
  const stream = new EventStream(options?.signal);
  try {
    assertSessionKey(key, ctx);
    const o = normalizeWatchOptions(options, ctx);
    const conn = source.connection;
    const engine = conn.engine;
    const serial = new Serial((error) => stream.end(error));
    let delivered = -1;
    /** The last `partial_events` row read (partial events of other processes). */
    let partialCursor = 0;
    /** Ids of partial events delivered lately: one may arrive both through the hub and a read. */
    const seenPartials = new Set<string>();
    let started = false;
    const early: Array<SessionEvent | "changed"> = [];

    const pushPartial = (e: SessionEvent): void => {
      if (seenPartials.has(e.id)) return;
      seenPartials.add(e.id);
      if (seenPartials.size > 1000)
        seenPartials.delete(seenPartials.values().next().value as string);
      stream.push(e);
    };
    const deliver = (changes: SessionChanges | null): void => {
      if (changes === null) {
        stream.end();
        return;
      }
      // A partial event published at seq s belongs after stored event s and before s + 1; one
      // older than the last stored event already delivered belongs to a finished turn.
      const floor = delivered;
      const kept = changes.partials;
      let next = 0;
      const partialsUpTo = (seq: number) => {
        for (; next < kept.length && (kept[next] as [number, SessionEvent])[1].seq <= seq; next++) {
          const partial = (kept[next] as [number, SessionEvent])[1];
          if (partial.seq >= floor) pushPartial(partial);
        }
      };
      for (const [id] of kept) if (id > partialCursor) partialCursor = id;
      for (const e of changes.events) {
        if (e.seq <= delivered) continue;
        partialsUpTo(e.seq - 1);
        delivered = e.seq;
        stream.push(e);
      }
      partialsUpTo(Number.POSITIVE_INFINITY);
    };
    const catchUp = (): void | Promise<void> => {
      const r = source.read(ctx, () => engine.changesAfter(key, delivered, partialCursor));
      if (isPromiseLike(r)) return Promise.resolve(r).then(deliver);
      deliver(r);
    };
    const handle = (item: SessionEvent | "changed"): void => {
      if (item === "changed") {
        serial.submit(catchUp);
        return;
      }
      if (item.partial) {
        const copy = structuredClone(item);
        serial.submit(() => pushPartial(copy));
        return;
      }
      if (serial.idle && item.seq === delivered + 1) {
        delivered = item.seq;
        stream.push(structuredClone(item));
      } else if (item.seq > delivered) serial.submit(catchUp);
    };
    const unsubscribe = conn.hub.subscribe(
      watchKeyOf(key.appName, key.userId, key.sessionId),
      (item) => {
        if (stream.closed) return;
        if (item === null) return stream.end();
        if (!started) early.push(item);
        else handle(item);
      },
    );
    const releasePoller = conn.poller?.acquire();
    stream.onClose(() => {
      unsubscribe();
      releasePoller?.();
    });
    const start = (
      position: { lastSeq: number; lastPartialId: number } | null,
    ): void | Promise<void> => {
      if (position === null) {
        throw sessionNotFound(ctx);
      }
      const { lastSeq } = position;
      partialCursor = position.lastPartialId;
      delivered = o.afterSeq ?? lastSeq;
      started = true;
      const replay = o.afterSeq !== undefined && lastSeq > o.afterSeq ? catchUp() : undefined;
      const drain = () => {
        for (const item of early.splice(0)) handle(item);
      };
      if (isPromiseLike(replay)) return Promise.resolve(replay).then(drain);
      drain();
    };
    serial.submit(() => {
      const r = source.read(ctx, () => engine.watchStart(key));
      return isPromiseLike(r) ? Promise.resolve(r).then(start) : start(r);
    });
  } catch (error) {
    stream.end(error);
  }
  return stream;
}
