import type { ChangeSignal, WatchHub } from "@sessionkit/sql";
import type pg from "pg";
import { CHANGES_CHANNEL } from "./schema-migrations.js";

/**
 * Cross-host change detection for watchers: while anyone watches, one dedicated connection
 * LISTENs on `sessionkit_changes`; a notification for this store's schema (sent by the
 * schema's triggers at the commit of any write to events, partial events or sessions, from any
 * process or host) tells the hub `changedAll()`, and each watcher re-reads after its last seq.
 * When the connection breaks it reconnects with backoff and, once listening again, signals
 * `changedAll()` too: the catch-up read finds whatever was committed while it was away. The
 * first LISTEN also signals once, so a commit between a watcher's first read and the LISTEN
 * is never missed.
 */
export class PgChangeSignal implements ChangeSignal {
  private users = 0;
  private client: pg.Client | null = null;
  private generation = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connect: () => pg.Client,
    private readonly schema: string,
    private readonly hub: WatchHub,
  ) {}

  acquire(): () => void {
    this.users++;
    if (this.users === 1) this.start(0);
    let released = false;
    const generation = this.generation;
    return () => {
      if (released || generation !== this.generation) return;
      released = true;
      this.users--;
      if (this.users === 0) this.stop();
    };
  }

  /** Stops listening now (on close of the repository). */
  stop(): void {
    this.generation++;
    this.users = 0;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    if (client) void client.end().catch(() => undefined);
  }

  private start(attempt: number): void {
    const generation = this.generation;
    const client = this.connect();
    let failed = false;
    const retry = () => {
      if (failed || generation !== this.generation || this.users === 0) return;
      failed = true;
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      const delay = Math.min(5000, 50 * 2 ** attempt);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (generation === this.generation && this.users > 0) this.start(attempt + 1);
      }, delay);
      this.retryTimer.unref();
    };
    client.on("error", retry);
    client.on("end", retry);
    client.on("notification", (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload === this.schema)
        this.hub.changedAll();
    });
    this.client = client;
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANGES_CHANNEL}`))
      .then(
        () => {
          if (generation !== this.generation) {
            void client.end().catch(() => undefined);
            return;
          }
          attempt = 0;
          this.hub.changedAll();
        },
        () => retry(),
      );
  }
}
