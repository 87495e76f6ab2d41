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

/**
 * The line after which BENCHMARKS.md holds sections written by the packages' own bench scripts
 * (bridges, PostgreSQL concurrency and backfill): `pnpm bench` keeps everything from it on.
 */
export const PACKAGE_SECTIONS_MARKER =
  "<!-- Sections below come from the packages' own bench scripts; `pnpm bench` keeps them as they are. -->";

/** The package-written sections of an existing BENCHMARKS.md (from the marker on), or "". */
export function packageSections(existing: string | undefined): string {
  if (existing === undefined) return "";
  const at = existing.indexOf(PACKAGE_SECTIONS_MARKER);
  return at === -1 ? "" : existing.slice(at);
}

/** Writes BENCHMARKS.md (repo root), docs/benchmarks.svg and benchmarks-data.txt. */
export function writeReport(results: BenchResults): void {
  writeFileSync(RESULTS_DATA, `${JSON.stringify(results, null, 2)}\n`);
  const file = join(REPO_ROOT, "BENCHMARKS.md");
  const kept = packageSections(existsSync(file) ? readFileSync(file, "utf8") : undefined);
  const generated = renderMarkdown(results).trimEnd();
  writeFileSync(file, kept ? `${generated}\n\n${kept}` : `${generated}\n`);
  mkdirSync(join(REPO_ROOT, "docs"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "docs", "benchmarks.svg"), renderSvg(results));
}
