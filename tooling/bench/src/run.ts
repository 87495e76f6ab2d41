import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runComparison } from "./compare.js";
import { formatResult, formatSummary } from "./report.js";
import type { BenchContext, ComparisonResult } from "./suite.js";
import { suites } from "./suites/index.js";

/**
 * `pnpm bench [-- --quick] [--suite <name>] [--json] [--no-assert]`
 * Runs every registered suite (or one), prints each comparison as it finishes, then a summary
 * table. Exits 1 when a ratio misses its target, unless --no-assert.
 */
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const json = args.includes("--json");
const assert = !args.includes("--no-assert");
const only = args.includes("--suite") ? args[args.indexOf("--suite") + 1] : undefined;
if (!(globalThis as { gc?: unknown }).gc) {
  console.warn("note: run with node --expose-gc for steadier figures (pnpm bench does)");
}

const selected = suites.filter((s) => only === undefined || s.name === only);
if (selected.length === 0) {
  console.error(`no suite named ${only}; known: ${suites.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const results: ComparisonResult[] = [];
const started = performance.now();
console.log(
  `sessionkit bench${quick ? " (quick)" : ""} — node ${process.version}, ${process.platform}/${process.arch}`,
);
for (const suite of selected) {
  console.log(`\n== ${suite.name}: ${suite.description}`);
  const dirs: string[] = [];
  const context: BenchContext = {
    quick,
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), `sk-bench-${suite.name}-`));
      dirs.push(dir);
      return dir;
    },
    async compare(comparison) {
      const result = await runComparison(suite.name, comparison);
      results.push(result);
      console.log(formatResult(result));
      return result;
    },
    log(message) {
      console.log(`  · ${message}`);
    },
  };
  try {
    await suite.run(context);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\n${formatSummary(results)}`);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (json) console.log(JSON.stringify(results, null, 2));
if (assert && results.some((r) => !r.ok)) process.exitCode = 1;
