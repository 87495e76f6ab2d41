import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResults } from "../results.js";
import { renderMarkdown } from "./markdown.js";
import { renderSvg } from "./svg.js";

const BENCH_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REPO_ROOT = join(BENCH_ROOT, "..", "..");
/** The last written run, as JSON in a .txt file: Biome (root `biome check .`) skips it. */
export const RESULTS_DATA = join(BENCH_ROOT, "benchmarks-data.txt");

/** The results of the last written run, if any. */
export function readResults(): BenchResults | undefined {
  return existsSync(RESULTS_DATA)
    ? (JSON.parse(readFileSync(RESULTS_DATA, "utf8")) as BenchResults)
    : undefined;
}

/** Writes BENCHMARKS.md (repo root), docs/benchmarks.svg and benchmarks-data.txt. */
export function writeReport(results: BenchResults): void {
  writeFileSync(RESULTS_DATA, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(REPO_ROOT, "BENCHMARKS.md"), renderMarkdown(results));
  mkdirSync(join(REPO_ROOT, "docs"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "docs", "benchmarks.svg"), renderSvg(results));
}
