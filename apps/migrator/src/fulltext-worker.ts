// Worker thread of buildFullTextIndex: merges the search index built alongside the copy (SQLite
// targets), then opens the target with full-text search on, which re-creates the index triggers
// and builds whatever index is missing (blocking this thread, not the main one, which keeps
// reporting progress).
import { parentPort, workerData } from "node:worker_threads";
import { mergeSideSearchIndex } from "@sessionkit/sqlite";
import { fullTextOption, openTarget } from "./stores.js";

const { url, sideIndexed } = workerData as { url: string; sideIndexed: string | null };
if (sideIndexed !== null) mergeSideSearchIndex(sideIndexed);
const repo = await openTarget(url, fullTextOption(url, true));
try {
  await repo.health();
} finally {
  await repo.close();
}
parentPort?.postMessage("done");
