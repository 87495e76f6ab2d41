/** Slots of the shared Int32Array between a writer connection and its checkpoint worker. */
export const CHECKPOINT_SIGNAL = {
  /** Write transactions committed by the writer (wraps around). */
  commits: 0,
  /** Bumped (and notified) to wake the worker. */
  wake: 1,
  /** 1 once the writer closes: the worker exits. */
  stop: 2,
  /** Set (and notified) by the worker once its connection is closed. */
  closed: 3,
  /** Set by the worker once its connection is open (read by the writer's next commit). */
  ready: 4,
} as const;

export const CHECKPOINT_SIGNAL_SLOTS = 5;

/** What the checkpoint worker is started with. */
export interface CheckpointWorkerData {
  path: string;
  signal: SharedArrayBuffer;
  /** Checkpoint once this many write transactions committed since the last checkpoint... */
  commitsPerCheckpoint: number;
  /** ...or this long after the first of fewer. */
  maxDelayMs: number;
}
