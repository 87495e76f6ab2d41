import {
  assertSessionKey,
  describeKey,
  type ErrorContext,
  EventStream,
  normalizeWatchOptions,
  type SessionEvent,
  type SessionKey,
  sessionNotFound,
  type WatchOptions,
} from "@sessionkit/core";
import { isPromiseLike } from "../driver/drive.js";
import type { SqlWork } from "../driver/sql-work.js";
import { watchKeyOf } from "../engine/write-context.js";
import { Serial } from "./serial.js";
import type { SqlSharedConnection } from "./sql-host.js";

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
 * range read). The stream ends when the session is deleted, the signal aborts, or the
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
    let started = false;
    const early: Array<SessionEvent | "changed"> = [];

    const deliver = (events: SessionEvent[] | null): void => {
      if (events === null) {
        stream.end();
        return;
      }
      for (const e of events) {
        if (e.seq <= delivered) continue;
        delivered = e.seq;
        stream.push(e);
      }
    };
    const catchUp = (): void | Promise<void> => {
      const r = source.read(ctx, () => engine.eventsAfter(key, delivered));
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
        serial.submit(() => stream.push(copy));
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
    const start = (lastSeq: number | null): void | Promise<void> => {
      if (lastSeq === null) {
        throw sessionNotFound(ctx);
      }
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
      const r = source.read(ctx, () => engine.lastSeqOf(key));
      return isPromiseLike(r) ? Promise.resolve(r).then(start) : start(r);
    });
  } catch (error) {
    stream.end(error);
  }
  return stream;
}
