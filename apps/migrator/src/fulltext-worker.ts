// Worker thread of buildFullTextIndex: opens the target with full-text search on, which
// re-creates the index triggers and rebuilds the index in one statement (blocking this thread,
// not the main one, which keeps reporting progress).
import { parentPort, workerData } from "node:worker_threads";
import { fullTextOption, openTarget } from "./stores.js";

const { url } = workerData as { url: string };
const repo = await openTarget(url, fullTextOption(url, true));
try {
  await repo.health();
} finally {
  await repo.close();
}
parentPort?.postMessage("done");
