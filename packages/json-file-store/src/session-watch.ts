import { stat } from "node:fs/promises";
import type { SessionEvent, SessionSnapshot } from "@sessionkit/core";
import { EventStream } from "@sessionkit/core/adapter-kit";
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
  /** The queue to the consumer; its close hooks are this watch's cleanups. */
  private readonly stream = new EventStream();
  private started: Promise<void> | null = null;
  private lastSeq = 0;
  private lastStat = "";
  private reading = false;
  private readAgain = false;

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
    this.stream.onClose(
      subscribe(source.file, (event) => {
        if (event === null) this.end();
        else if (event.partial) this.push(event);
        else if (event.seq === this.lastSeq + 1) this.deliver(event);
        else if (event.seq > this.lastSeq + 1) void this.catchUp();
      }),
    );
    const timer = setInterval(() => void this.poll(), source.pollMs);
    this.stream.onClose(() => clearInterval(timer));
    this.stream.onClose(source.onRepositoryClose(() => this.end()));
    if (source.signal) {
      const onAbort = () => this.end();
      source.signal.addEventListener("abort", onAbort, { once: true });
      this.stream.onClose(() => source.signal?.removeEventListener("abort", onAbort));
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
    if (this.stream.closed) return;
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
      } while (this.readAgain && !this.stream.closed);
    } finally {
      this.reading = false;
    }
  }

  private deliver(event: SessionEvent): void {
    this.lastSeq = event.seq;
    this.push(event);
  }

  private push(event: SessionEvent): void {
    if (!this.stream.closed) this.stream.push(structuredClone(event));
  }

  /** Ends the watch: the consumer drains what is queued, the subscriptions are dropped. */
  private end(): void {
    this.stream.end();
  }

  async next(): Promise<IteratorResult<SessionEvent>> {
    if (!this.started) this.started = this.start();
    try {
      await this.started;
    } catch (error) {
      this.end();
      throw error;
    }
    return this.stream.next();
  }

  return(): Promise<IteratorResult<SessionEvent>> {
    return this.stream.return();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SessionEvent> {
    return this;
  }
}
