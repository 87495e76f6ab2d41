import { drive, isPromiseLike } from "../driver/drive.js";
import type { SqlDriver } from "../driver/sql-driver.js";
import { get } from "../driver/sql-work.js";
import { dataVersion } from "../statements/maintenance-statements.js";
import type { Lane } from "./lane.js";
import type { WatchHub } from "./watch-hub.js";

/**
 * Cross-process change detection for watchers: while anyone watches, reads
 * `PRAGMA data_version` (a counter in shared memory that changes when ANOTHER connection
 * commits; it never touches the events table) every `intervalMs`, and tells the hub to let
 * watchers re-read when it moved. Stops when the last watcher leaves. The timer is unref'd.
 */
export class ChangePoller {
  private timer: NodeJS.Timeout | null = null;
  private users = 0;
  private last: number | null = null;
  /** Bumped by stop(): releases handed out before it no longer count. */
  private generation = 0;

  constructor(
    private readonly lane: Lane,
    private readonly driver: () => SqlDriver | Promise<SqlDriver>,
    private readonly hub: WatchHub,
    private readonly intervalMs = 50,
  ) {}

  /**
   * Registers one watcher; the first starts the timer and reads the baseline at once. Returns
   * the release function (idempotent); the last release stops the timer.
   */
  acquire(): () => void {
    this.users++;
    if (this.timer === null) {
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref();
      // The baseline is read now, before the watcher's own first read (the lane keeps them in
      // order), so a commit by another process in between is never missed.
      this.tick(true);
    }
    let released = false;
    const generation = this.generation;
    return () => {
      if (released || generation !== this.generation) return;
      released = true;
      this.users--;
      if (this.users === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
        this.last = null;
      }
    };
  }

  /** Stops the timer now, whatever the number of watchers (on close of the connection). */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.users = 0;
    this.last = null;
    this.generation++;
  }

  private tick(force = false): void {
    if (this.lane.busy && !force) return;
    try {
      const result = this.lane.run(() => {
        const d = this.driver();
        const read = (driver: SqlDriver) =>
          drive(get<{ data_version: number }>(dataVersion, []), driver);
        return isPromiseLike(d) ? d.then(read) : read(d);
      });
      if (isPromiseLike(result))
        result.then(
          (row) => this.seen(row),
          () => undefined,
        );
      else this.seen(result);
    } catch {
      // A failed poll is retried on the next tick; watchers see errors on their own reads.
    }
  }

  private seen(row: { data_version: number } | undefined): void {
    const version = Number(row?.data_version);
    // The first reading after a watcher arrives is only a baseline: a commit made between the
    // watcher's own read and this reading would be folded into it and missed, so re-read once.
    if (this.last === null || version !== this.last) this.hub.changedAll();
    this.last = version;
  }
}
