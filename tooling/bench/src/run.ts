import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runComparison } from "./compare.js";
import { runW6 } from "./concurrency/w6.js";
import { parseOptions } from "./options.js";
import { gitRevision, loadAverage, machineInfo, packageVersions } from "./report/machine.js";
import { renderMarkdown, targetRows } from "./report/markdown.js";
import { readResults, writeReport } from "./report/write.js";
import { formatResult } from "./report.js";
import { type BenchResults, mergeResults } from "./results.js";
import { backfillCurve } from "./scaling/backfill-curve.js";
import type { Curve } from "./scaling/curve.js";
import { getSessionCurve } from "./scaling/get-session-curve.js";
import { listSessionsCurve } from "./scaling/list-sessions-curve.js";
import { fullScaling, quickScaling, smokeScaling } from "./scaling/sizes.js";
import { loadSubjects } from "./standard/registry.js";
import { runStandard } from "./standard/runner.js";
import { fullSizes, quickSizes, smokeSizes } from "./standard/sizes.js";
import type { BenchContext, ComparisonResult } from "./suite.js";
import { suites } from "./suites/index.js";

/**
 * `pnpm bench [-- --quick | --smoke] [--only standard,scaling,backfill,suites] [--suite <name>]
 * [--rounds n] [--write | --no-write] [--json] [--assert | --no-assert]` — see README.md.
 */
let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const { mode } = options;
if (!(globalThis as { gc?: unknown }).gc) {
  console.warn("note: run with node --expose-gc for steadier figures (pnpm bench does)");
}

const started = performance.now();
const results: BenchResults = {
  date: new Date().toISOString(),
  mode,
  machine: machineInfo(),
  revision: gitRevision(),
  versions: packageVersions(),
  load: { start: loadAverage(), end: [] },
  seconds: 0,
};
console.log(
  `sessionkit bench (${mode}) — ${results.machine.cpu}, ${results.machine.cores} cores, node ${results.machine.node}, load ${results.load.start.join(" ")}`,
);
const scratch = mkdtempSync(join(tmpdir(), "sk-bench-"));
const section = (name: string) => {
  const t = performance.now();
  console.log(`\n== ${name}`);
  return () => console.log(`   (${name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
};
const log = (line: string) => console.log(`  · ${line}`);

try {
  if (options.only.has("standard")) {
    const done = section("standard workloads W1–W5 (one child process per subject and round)");
    const sizes = mode === "full" ? fullSizes : mode === "quick" ? quickSizes : smokeSizes;
    // Three rounds in full: a median of three shrugs off one round hit by a load spike.
    const rounds = options.rounds ?? (mode === "full" ? 3 : 1);
    const pairRounds = mode === "full" ? 2 : 1;
    const blocks = mode === "smoke" ? 2 : mode === "quick" ? 6 : 10;
    results.standard = await runStandard(
      await loadSubjects(log),
      sizes,
      rounds,
      pairRounds,
      blocks,
      log,
      // Smoke: the peers' interleaved runs would double CI's time; their ratios come from the rounds.
      mode !== "smoke",
    );
    done();
  }
  if (options.only.has("concurrency")) {
    const done = section("W6 concurrent appends (group commit and one transaction per call)");
    // Full: 10 s per run (the figure); quick 1 s; smoke a tenth of a second, to prove it runs.
    const seconds = mode === "full" ? 10 : mode === "quick" ? 1 : 0.1;
    results.concurrency = await runW6(scratch, seconds, log);
    done();
  }
  const scaling = mode === "full" ? fullScaling : mode === "quick" ? quickScaling : smokeScaling;
  if (options.only.has("scaling")) {
    const done = section("scaling curves");
    const curves: Curve[] = [];
    const a = mkdtempSync(join(scratch, "history-"));
    curves.push(await getSessionCurve(a, scaling.historyLengths, scaling.iterations, log));
    rmSync(a, { recursive: true, force: true });
    const b = mkdtempSync(join(scratch, "sessions-"));
    curves.push(await listSessionsCurve(b, scaling.sessionCounts, scaling.iterations, log));
    rmSync(b, { recursive: true, force: true });
    results.curves = curves;
    done();
  }
  if (options.only.has("backfill")) {
    const done = section("backfill against dataset size");
    const dir = mkdtempSync(join(scratch, "backfill-"));
    results.backfill = await backfillCurve(dir, scaling.backfillEvents, log);
    rmSync(dir, { recursive: true, force: true });
    done();
  }
  if (options.only.has("suites") && mode !== "smoke") {
    const comparisons: ComparisonResult[] = [];
    const notes: Record<string, string[]> = {};
    const selected = suites.filter((s) => options.suite === undefined || s.name === options.suite);
    if (selected.length === 0) {
      console.error(
        `no suite named ${options.suite}; known: ${suites.map((s) => s.name).join(", ")}`,
      );
      process.exit(2);
    }
    for (const suite of selected) {
      const done = section(`suite ${suite.name}: ${suite.description}`);
      const dirs: string[] = [];
      notes[suite.name] = [];
      const context: BenchContext = {
        quick: mode !== "full",
        tempDir() {
          const dir = mkdtempSync(join(scratch, `${suite.name}-`));
          dirs.push(dir);
          return dir;
        },
        async compare(comparison) {
          // --quick: half the suites' quick iterations, so the whole run stays under two minutes.
          const sized =
            mode === "full"
              ? comparison
              : { ...comparison, iterations: Math.max(4, Math.ceil(comparison.iterations / 2)) };
          const result = await runComparison(suite.name, sized);
          comparisons.push(result);
          console.log(formatResult(result));
          return result;
        },
        log(message) {
          notes[suite.name]?.push(message);
          log(message);
        },
      };
      try {
        await suite.run(context);
      } finally {
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      }
      done();
    }
    results.comparisons = comparisons;
    results.suiteNotes = notes;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

results.load.end = loadAverage();
results.seconds = (performance.now() - started) / 1000;
const previous = readResults();
// Written reports keep the sections a partial run did not measure; printed ones show this run.
const report = options.write
  ? mergeResults(results, previous?.mode === mode ? previous : undefined)
  : results;
const markdown = renderMarkdown(report);
console.log(`\n${markdown}`);
if (options.write) {
  writeReport(report);
  console.log("wrote BENCHMARKS.md, docs/benchmarks.svg and tooling/bench/benchmarks-data.txt");
}
if (options.json) console.log(JSON.stringify(results, null, 2));
console.log(`total ${results.seconds.toFixed(1)} s, load at end ${results.load.end.join(" ")}`);
const missed = [
  ...targetRows(results).filter((t) => t.ok === false),
  ...(results.comparisons ?? []).filter((c) => !c.ok),
];
if (missed.length > 0) console.log(`${missed.length} target(s) missed`);
if (options.assert && missed.length > 0) process.exitCode = 1;
// A run that crashed or timed out fails every mode: the harness must not rot quietly.
const failures = results.standard?.failures ?? [];
if (failures.length > 0) {
  console.error(`${failures.length} run(s) failed:\n${failures.join("\n")}`);
  process.exitCode = 1;
}
