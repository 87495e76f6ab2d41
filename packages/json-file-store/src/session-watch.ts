import { stat } from "node:fs/promises";
import type { SessionEvent, SessionSnapshot } from "@sessionkit/core";
import { subscribe } from "./watch-bus.js";

export interface WatchSource {
  file: string;
  /** Replay stored events after this seq; undefined: only new events. */
  afterSeq: number | undefined;
  signal: AbortSignal | undefined;
  pollMs: number;
  /** Reads the session (null when missing); throws NOT_FOUND/CORRUPT as the repository does. */
  read(): Promise<SessionSnapshot | null>;
  /** The error for a missing session on first iteration. */
  notFound(): Error;
  /** Registers a hook run when the repository closes; returns its remover. */
  onRepositoryClose(end: () => void): () => void;
}

/**
 * The events of one session as an async iterator: stored events in seq order (each exactly
 * once) plus partial events. In-process writes arrive through the process-wide bus at once;
 * writes by other processes are noticed by polling the file's stat every `pollMs`.
 */
export class SessionWatch implements AsyncIterableIterator<SessionEvent> {
  private readonly buffer: SessionEvent[] = [];
  private waiting: {
    resolve: (r: IteratorResult<SessionEvent>) => void;
    reject: (e: unknown) => void;
  } | null = null;
  private ended = false;
  private started: Promise<void> | null = null;
  private lastSeq = 0;
  private lastStat = "";
  private reading = false;
  private readAgain = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly source: WatchSource) {}

  private async start(): Promise<void> {
    const { source } = this;
    if (source.signal?.aborted) {
      this.end();
      return;
    }
    // Stat before reading: a write landing in between is then seen by the next poll.
    this.lastStat = await this.statKey();
    const rec = await source.read();
    if (!rec) throw source.notFound();
    this.lastSeq = source.afterSeq ?? rec.lastSeq;
    for (const e of rec.events) if (e.seq > this.lastSeq) this.deliver(e);
    this.cleanups.push(
      subscribe(source.file, (event) => {
        if (event === null) this.end();
        else if (event.partial) this.push(event);
        else if (event.seq === this.lastSeq + 1) this.deliver(event);
        else if (event.seq > this.lastSeq + 1) void this.catchUp();
      }),
    );
    const timer = setInterval(() => void this.poll(), source.pollMs);
    this.cleanups.push(() => clearInterval(timer));
    this.cleanups.push(source.onRepositoryClose(() => this.end()));
    if (source.signal) {
      const onAbort = () => this.end();
      source.signal.addEventListener("abort", onAbort, { once: true });
      this.cleanups.push(() => source.signal?.removeEventListener("abort", onAbort));
    }
  }

  private async statKey(): Promise<string> {
    try {
      const s = await stat(this.source.file, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      return "missing";
    }
  }

  private async poll(): Promise<void> {
    if (this.ended) return;
    const key = await this.statKey();
    if (key === this.lastStat) return;
    this.lastStat = key;
    if (key === "missing") this.end();
    else await this.catchUp();
  }

  private async catchUp(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.readAgain = false;
        let rec: SessionSnapshot | null;
        try {
          rec = await this.source.read();
        } catch {
          continue; // A damaged or half-visible state: try again on the next change.
        }
        if (!rec) {
          this.end();
          return;
        }
        for (const e of rec.events) if (e.seq > this.lastSeq) this.deliver(e);
      } while (this.readAgain && !this.ended);
    } finally {
      this.reading = false;
    }
  }

  private deliver(event: SessionEvent): void {
    this.lastSeq = event.seq;
    this.push(event);
  }

  private push(event: SessionEvent): void {
    if (this.ended) return;
    const copy = structuredClone(event);
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: copy, done: false });
    } else this.buffer.push(copy);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const fn of this.cleanups.splice(0)) fn();
    if (this.waiting && this.buffer.length === 0) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  async next(): Promise<IteratorResult<SessionEvent>> {
    if (!this.started) this.started = this.start();
    try {
      await this.started;
    } catch (error) {
      this.end();
      throw error;
    }
    const event = this.buffer.shift();
    if (event) return { value: event, done: false };
    if (this.ended) return { value: undefined, done: true };
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  async return(): Promise<IteratorResult<SessionEvent>> {
    this.buffer.length = 0;
    this.end();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SessionEvent> {
    return this;
  }
}
