/**
 * `pnpm --filter @sessionkit/bench bench:render`: rewrites BENCHMARKS.md and docs/benchmarks.svg
 * from benchmarks-data.txt (the last written run) without measuring anything — after a change
 * to the report's layout.
 */
import { readResults, writeReport } from "./report/write.js";

const results = readResults();
if (!results) {
  console.error("no benchmarks-data.txt: run `pnpm bench` (full) or `pnpm bench -- --write` first");
  process.exit(2);
}
writeReport(results);
console.log(`rewrote BENCHMARKS.md and docs/benchmarks.svg from the run of ${results.date}`);
