import { Worker } from "node:worker_threads";
import type { SideSearchIndexMerge } from "./search-index-merge.js";
import { workerScript } from "./worker-script.js";

/** The worker's young-generation heap size (MB). */
const YOUNG_GENERATION_MB = 4;

/** What a finished {@link SideSearchIndexBuild} did. */
export interface SideSearchIndexBuildResult {
  /** The id of the last event the side index holds. */
  indexedThrough: number;
  /** The merge's outcome, when `finish` was asked to merge. */
  merge?: SideSearchIndexMerge;
}

/** A side search index build running in a worker thread (see {@link startSideSearchIndexBuild}). */
export interface SideSearchIndexBuild {
  /**
   * Call once the writes it follows are committed (and, with `merge`, the store is closed by
   * every writer of this thread): the worker indexes what is left, with `merge` runs
   * `mergeSideSearchIndex` (off this thread), and exits. Rejects with the worker's error.
   */
  finish(options?: { merge?: boolean }): Promise<SideSearchIndexBuildResult>;
  /** Stops the worker at once (the side database keeps what it committed, for a resume). */
  stop(): Promise<void>;
}

/**
 * Starts (or resumes) building the search index of the SQLite store at `path` beside it, in a
 * worker thread, while this thread fills the store with full-text indexing off (a backfill):
 * the worker tokenizes each committed event on another core. `mergeSideSearchIndex` then
 * switches indexing on with that index. A killed process loses nothing the worker committed.
 * A worker that fails (e.g. the store is not a sessionkit store) rejects `finish()`; the merge
 * then still builds a complete index, by tokenizing every event itself.
 */
export function startSideSearchIndexBuild(path: string): SideSearchIndexBuild {
  const { script, execArgv } = workerScript("search-index-build-worker");
  // A small young generation: the worker's heap churns through short-lived strings only, and
  // the default would add tens of MB to the backfill's peak RSS.
  const worker = new Worker(script, {
    workerData: { path },
    execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  let failure: unknown;
  let result: SideSearchIndexBuildResult = { indexedThrough: 0 };
  worker.on("message", (m: SideSearchIndexBuildResult) => {
    result = m;
  });
  worker.on("error", (error) => {
    failure = error;
  });
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  return {
    async finish(options) {
      worker.postMessage({ finish: { merge: options?.merge ?? false } });
      const code = await exited;
      if (failure !== undefined) throw failure;
      if (code !== 0) throw new Error(`the search index worker exited with code ${code}`);
      return result;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
