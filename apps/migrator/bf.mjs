import { rmSync } from "node:fs";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { backfill, repositorySource } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";

const [root, db, fts, recheck] = process.argv.slice(2);
rmSync(db, { force: true });
rmSync(db + "-wal", { force: true });
rmSync(db + "-shm", { force: true });
const legacy = await createJsonFileRepository({ root });
const target = createSqliteRepository({ path: db, fullTextSearch: fts === "1" });
let peakHeap = 0;
const t = Date.now();
const r = await backfill({
  source: repositorySource(legacy, "l"),
  target,
  recheck: recheck === "1" ? "full" : recheck === "k" ? "keys" : "none",
  onProgress: () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  },
});
const copyS = (Date.now() - t) / 1000;
await target.close();
const t2 = Date.now();
if (fts !== "1") {
  const t3 = createSqliteRepository({ path: db, fullTextSearch: true });
  await t3.getMeta("x");
  await t3.close();
}
const idx = (Date.now() - t2) / 1000;
console.log(
  JSON.stringify({
    events: r.events,
    copyS,
    evps: Math.round(r.events / copyS),
    indexS: idx,
    totalEvps: Math.round(r.events / (copyS + idx)),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMB: Math.round(peakHeap / 1048576),
  }),
);
