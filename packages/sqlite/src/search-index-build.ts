import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** The worker's young-generation heap size (MB). */
const YOUNG_GENERATION_MB = 4;

/** A side search index build running in a worker thread (see {@link startSideSearchIndexBuild}). */
export interface SideSearchIndexBuild {
  /**
   * Call once the writes it follows are committed: the worker indexes what is left and exits.
   * Resolves with the id of the last event it indexed; rejects with the worker's error.
   */
  finish(): Promise<number>;
  /** Stops the worker at once (the side database keeps what it committed, for a resume). */
  stop(): Promise<void>;
}

/**
 * The compiled worker script. When this module runs from source (tests: the `dev-source`
 * condition), the worker runs the build output without that condition (Node cannot load .ts).
 */
function workerOptions(): { script: string; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) {
    return { script: fileURLToPath(new URL("./search-index-build-worker.js", here)) };
  }
  return {
    script: fileURLToPath(new URL("../dist/search-index-build-worker.js", here)),
    execArgv: [],
  };
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
  const { script, execArgv } = workerOptions();
  // A small young generation: the worker's heap churns through short-lived strings only, and
  // the default would add tens of MB to the backfill's peak RSS.
  const worker = new Worker(script, {
    workerData: { path },
    execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  let failure: unknown;
  let indexedThrough = 0;
  worker.on("message", (m: { indexedThrough: number }) => {
    indexedThrough = m.indexedThrough;
  });
  worker.on("error", (error) => {
    failure = error;
  });
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  return {
    async finish() {
      worker.postMessage("finish");
      const code = await exited;
      if (failure !== undefined) throw failure;
      if (code !== 0) throw new Error(`the search index worker exited with code ${code}`);
      return indexedThrough;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
