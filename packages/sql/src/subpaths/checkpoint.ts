/**
 * WAL checkpoints on a worker thread, for adapters on SQLite files (better-sqlite3, embedded
 * libSQL): the writer's side (`BackgroundCheckpointer`) and the worker's loop
 * (`runCheckpointWorker`), which each adapter's worker entry runs with its own driver. Light on
 * purpose: a worker thread imports this and nothing else of the kit.
 *
 * @module @sessionkit/sql/checkpoint
 */

export { BackgroundCheckpointer } from "../checkpoint/background-checkpointer.js";
export {
  type CheckpointConnection,
  runCheckpointWorker,
} from "../checkpoint/run-checkpoint-worker.js";
export { type WorkerScript, workerScriptOf } from "../checkpoint/worker-script.js";
