// Worker thread of startSideSearchIndexBuild: follows the store's committed events into its side
// index until told to finish, then drains what is left and reports how far it got.
import { setTimeout as sleep } from "node:timers/promises";
import { parentPort, workerData } from "node:worker_threads";
import { SideSearchIndexBuilder } from "./search-index-side.js";

/** Events tokenized per side transaction. */
const STEP_EVENTS = 2000;
/** The wait before looking again when the builder caught up with the writer. */
const IDLE_MS = 25;

const { path } = workerData as { path: string };
let finishing = false;
parentPort?.on("message", (m) => {
  if (m === "finish") finishing = true;
});
const builder = SideSearchIndexBuilder.open(path);
try {
  for (;;) {
    // Read the flag BEFORE the step: a step that finds nothing after "finish" is the last.
    const last = finishing;
    const n = builder.step(STEP_EVENTS);
    if (n === 0 && last) break;
    // Lets the "finish" message in.
    await sleep(n === 0 ? IDLE_MS : 0);
  }
  parentPort?.postMessage({ indexedThrough: builder.indexedThrough });
} finally {
  builder.close();
  // The message listener would keep this thread alive.
  parentPort?.unref();
}
