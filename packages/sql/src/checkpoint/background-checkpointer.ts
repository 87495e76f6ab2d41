import { Worker } from "node:worker_threads";
import {
  CHECKPOINT_SIGNAL,
  CHECKPOINT_SIGNAL_SLOTS,
  type CheckpointWorkerData,
} from "./wal-checkpoint-signal.js";
import type { WorkerScript } from "./worker-script.js";

/** Write transactions before the worker starts: a short-lived process never starts a thread. */
const START_AFTER_COMMITS = 64;
/**
 * Worker threads per process at most (some 10 MB each): a process writing many database files
 * (one per tenant) gives the first few files a worker; the others checkpoint as SQLite does.
 */
const MAX_WORKERS = 4;
/** Workers started and not yet stopped, in this process. */
let workers = 0;
/** Checkpoint after this many commits (an append writes some 5–15 WAL pages)... */
const COMMITS_PER_CHECKPOINT = 32;
/** ...or at least this often while the store is written (an idle pass costs no I/O). */
const MAX_DELAY_MS = 100;
/** The longest close() waits for the worker's connection to close (a pass in progress). */
const STOP_WAIT_MS = 2000;
/** SQLite's own default, restored when the worker cannot run. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/**
 * The writer's own threshold while the worker runs. The WAL can only start over from its
 * beginning when a write transaction begins with every frame copied, which a checkpoint running
 * beside a busy writer never achieves; the writer's own checkpoint at this size copies what is
 * left since the worker's last pass (little) and lets the next write restart the WAL.
 */
const WRITER_AUTOCHECKPOINT = 4000;

/**
 * Moves WAL checkpoints off the writer (SQLite and embedded libSQL files; each adapter starts the
 * worker with its own driver): SQLite runs one inside the commit that crosses 1,000
 * WAL pages (copying pages and syncing the file: milliseconds, the appends' whole p99 tail).
 * After `START_AFTER_COMMITS` write transactions this starts a worker thread with its own
 * connection that checkpoints PASSIVE (never waiting on a writer or reader) every
 * `COMMITS_PER_CHECKPOINT` commits or `MAX_DELAY_MS`, and raises the writer's own
 * threshold to `WRITER_AUTOCHECKPOINT` pages once the worker is up. If the worker cannot
 * start or dies, the writer's threshold goes back to SQLite's: the WAL never grows unchecked. Durability is
 * unchanged: a checkpoint only copies committed pages into the database file.
 */
export class BackgroundCheckpointer {
  private readonly signal = new SharedArrayBuffer(CHECKPOINT_SIGNAL_SLOTS * 4);
  private readonly shared = new Int32Array(this.signal);
  private commits = 0;
  private thread: Worker | null = null;
  private state: "waiting" | "starting" | "running" | "off" = "waiting";
  /** Whether this instance counts in {@link workers}. */
  private holdsSlot = false;

  /**
   * @param path the database file (the worker opens its own connection to it).
   * @param setAutoCheckpoint sets the writer connection's `wal_autocheckpoint` (pages).
   * @param worker the adapter's worker entry: it calls `runCheckpointWorker` with a
   *   connection of the adapter's own driver (see `workerScriptOf`).
   */
  constructor(
    private readonly path: string,
    private readonly setAutoCheckpoint: (pages: number) => void,
    private readonly worker: WorkerScript,
  ) {}

  /** Whether the worker checkpoints (the writer's threshold is `WRITER_AUTOCHECKPOINT`). */
  get running(): boolean {
    return this.state === "running";
  }

  /** The writer's `wal_autocheckpoint` while the worker runs. */
  get writerPages(): number {
    return WRITER_AUTOCHECKPOINT;
  }

  /** Called after each write transaction the writer commits: one shared-memory store. */
  committed(): void {
    const n = ++this.commits;
    Atomics.store(this.shared, CHECKPOINT_SIGNAL.commits, n | 0);
    if (this.state === "running") {
      if (n % COMMITS_PER_CHECKPOINT === 0) this.wake();
    } else if (this.state === "starting") {
      // Also read here, not only from the message: a writer that never yields to the event loop
      // (one synchronous append after another) would not see it.
      if (Atomics.load(this.shared, CHECKPOINT_SIGNAL.ready) === 1) this.workerReady();
    } else if (this.state === "waiting" && n >= START_AFTER_COMMITS) {
      this.start();
    }
  }

  /**
   * Stops the worker and waits (up to `STOP_WAIT_MS`, blocking: closing is synchronous)
   * until its connection is closed, so the writer's closing checkpoint is not refused as busy.
   */
  stop(): void {
    const wasRunning = this.state === "running";
    this.state = "off";
    Atomics.store(this.shared, CHECKPOINT_SIGNAL.stop, 1);
    this.wake();
    if (this.thread) Atomics.wait(this.shared, CHECKPOINT_SIGNAL.closed, 0, STOP_WAIT_MS);
    this.releaseSlot();
    if (wasRunning) this.restoreAutoCheckpoint();
  }

  private start(): void {
    if (workers >= MAX_WORKERS) {
      this.state = "off";
      return;
    }
    workers++;
    this.holdsSlot = true;
    this.state = "starting";
    const { script, execArgv } = this.worker;
    const workerData: CheckpointWorkerData = {
      path: this.path,
      signal: this.signal,
      commitsPerCheckpoint: COMMITS_PER_CHECKPOINT,
      maxDelayMs: MAX_DELAY_MS,
    };
    let worker: Worker;
    try {
      worker = new Worker(script, {
        workerData,
        ...(execArgv ? { execArgv } : {}),
        resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
      });
    } catch {
      this.releaseSlot();
      this.state = "off";
      return;
    }
    this.thread = worker;
    worker.unref();
    worker.on("message", () => this.workerReady());
    const down = () => {
      if (this.thread !== worker) return;
      this.thread = null;
      this.releaseSlot();
      if (this.state === "running") this.restoreAutoCheckpoint();
      this.state = "off";
    };
    worker.on("error", down);
    worker.on("exit", down);
  }

  private releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    workers--;
  }

  private workerReady(): void {
    if (this.state !== "starting") return;
    this.state = "running";
    this.setAutoCheckpoint(WRITER_AUTOCHECKPOINT);
  }

  private restoreAutoCheckpoint(): void {
    try {
      this.setAutoCheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT);
    } catch {
      // The writer connection is closed or closing: nothing left to checkpoint for.
    }
  }

  private wake(): void {
    Atomics.add(this.shared, CHECKPOINT_SIGNAL.wake, 1);
    Atomics.notify(this.shared, CHECKPOINT_SIGNAL.wake);
  }
}
