// The body of a checkpoint worker thread (see BackgroundCheckpointer): copies the WAL into the
// database file on its own connection (PASSIVE: never blocks or waits for a writer or reader),
// so no append pays for a checkpoint. Woken by the writer's commit counter (shared memory); told
// to stop by a flag. Each adapter's worker entry calls it with a connection of its own driver.
import { parentPort, workerData } from "node:worker_threads";
import { CHECKPOINT_SIGNAL, type CheckpointWorkerData } from "./wal-checkpoint-signal.js";

/** What the worker needs of a connection: run a statement (its rows ignored), close. */
export interface CheckpointConnection {
  /** Runs one statement (a PRAGMA); any rows are ignored. Throws on failure. */
  exec(sql: string): unknown;
  /** Closes the connection (called once, when the worker stops). */
  close(): unknown;
}

/** A pass this often while nothing signalled (a write path that does not count commits). */
const IDLE_PASS_MS = 1000;

/**
 * Runs the checkpoint loop of this worker thread until the writer stops it. `open` opens the
 * database file (it must exist); when it throws, the worker ends and the writer keeps its own
 * checkpoints. Synchronous: the thread does nothing else.
 */
export function runCheckpointWorker(open: (path: string) => CheckpointConnection): void {
  const { path, signal, commitsPerCheckpoint, maxDelayMs } = workerData as CheckpointWorkerData;
  const shared = new Int32Array(signal);
  let db: CheckpointConnection | undefined;
  try {
    db = open(path);
    // A busy handler would make the writer's checkpoint-free path wait on this one: none.
    db.exec("PRAGMA busy_timeout = 0");
    db.exec("PRAGMA wal_autocheckpoint = 0");
    Atomics.store(shared, CHECKPOINT_SIGNAL.ready, 1);
    parentPort?.postMessage("ready");
    let done = Atomics.load(shared, CHECKPOINT_SIGNAL.commits);
    let last = Date.now();
    while (Atomics.load(shared, CHECKPOINT_SIGNAL.stop) === 0) {
      const commits = Atomics.load(shared, CHECKPOINT_SIGNAL.commits);
      const pending = (commits - done) | 0;
      const waited = Date.now() - last;
      // Due: a full round of commits, pending commits that waited long enough, or a periodic
      // pass (a write that did not signal; a pass with nothing to copy costs no I/O).
      if (pending >= commitsPerCheckpoint || waited >= (pending > 0 ? maxDelayMs : IDLE_PASS_MS)) {
        try {
          db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch {
          // Another connection is checkpointing, or the file is going away: the next pass retries.
        }
        done = commits;
        last = Date.now();
        continue;
      }
      // Sleeps until the writer signals a full round of commits (or stop), or the next is due.
      const wake = Atomics.load(shared, CHECKPOINT_SIGNAL.wake);
      Atomics.wait(
        shared,
        CHECKPOINT_SIGNAL.wake,
        wake,
        (pending > 0 ? maxDelayMs : IDLE_PASS_MS) - waited,
      );
    }
  } catch {
    // Cannot open the file (gone, not a database): the writer keeps its own checkpoints.
  } finally {
    try {
      db?.close();
    } finally {
      Atomics.store(shared, CHECKPOINT_SIGNAL.closed, 1);
      Atomics.notify(shared, CHECKPOINT_SIGNAL.closed);
    }
  }
}
