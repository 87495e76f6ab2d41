// Worker thread of startSideSearchIndexBuild: follows the store's committed events into its side
// index until told to finish, then drains what is left, merges it when asked to, and reports.
import { setTimeout as sleep } from "node:timers/promises";
import { parentPort, workerData } from "node:worker_threads";
import { mergeSideSearchIndex } from "./search-index-merge.js";
import { SideSearchIndexBuilder } from "./search-index-side.js";

/** Events tokenized per side transaction. */
const STEP_EVENTS = 5000;
/** The wait before looking again when the builder caught up with the writer. */
const IDLE_MS = 25;

const { path } = workerData as { path: string };
let finishing: { merge: boolean } | undefined;
parentPort?.on("message", (m: { finish: { merge: boolean } }) => {
  finishing = m.finish;
});
const builder = SideSearchIndexBuilder.open(path);
let indexedThrough = 0;
try {
  for (;;) {
    // Read the flag BEFORE the step: a step that finds nothing after "finish" is the last.
    const last = finishing;
    const n = builder.step(STEP_EVENTS);
    if (n === 0 && last) break;
    // Lets the "finish" message in.
    await sleep(n === 0 ? IDLE_MS : 0);
  }
  indexedThrough = builder.indexedThrough;
} finally {
  builder.close();
  // The message listener would keep this thread alive.
  parentPort?.unref();
}
const merge = finishing?.merge ? mergeSideSearchIndex(path) : undefined;
parentPort?.postMessage({ indexedThrough, merge });
