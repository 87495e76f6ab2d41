import type { W6Results } from "./concurrency/w6.js";
import type { MachineInfo } from "./report/machine.js";
import type { BackfillPoint } from "./scaling/backfill-curve.js";
import type { Curve } from "./scaling/curve.js";
import type { StandardResults } from "./standard/runner.js";
import type { ComparisonResult } from "./suite.js";

/** Everything one `pnpm bench` run measured; written to benchmarks-data.txt (JSON) with --write. */
export interface BenchResults {
  /** ISO date of the run. */
  date: string;
  mode: "full" | "quick" | "smoke";
  machine: MachineInfo;
  /** The commit measured (with "+ local changes" for a dirty tree), when known. */
  revision?: string | null;
  versions: Record<string, string>;
  /** Load averages (1, 5, 15 min) when the run started and ended: the machine is shared. */
  load: { start: number[]; end: number[] };
  seconds: number;
  standard?: StandardResults;
  /** W6: concurrent appends (issue 21). */
  concurrency?: W6Results;
  curves?: Curve[];
  backfill?: BackfillPoint[];
  /** The adapter-vs-driver suites (src/suites), remote sqld included. */
  comparisons?: ComparisonResult[];
  /** Lines the suites logged (memory figures, backfill configurations), by suite. */
  suiteNotes?: Record<string, string[]>;
  /** Sections taken from an earlier run because this one did not measure them (--only). */
  carriedOver?: Array<{ section: string; date: string }>;
}

const SECTIONS = [
  "standard",
  "concurrency",
  "curves",
  "backfill",
  "comparisons",
  "suiteNotes",
] as const;

/**
 * This run's results, with each section it did not measure taken from `previous` (a partial
 * re-run, e.g. `--only standard --write`, keeps the other figures of the last full run).
 */
export function mergeResults(
  current: BenchResults,
  previous: BenchResults | undefined,
): BenchResults {
  if (!previous) return current;
  const merged: BenchResults = { ...current, carriedOver: [...(current.carriedOver ?? [])] };
  for (const section of SECTIONS) {
    if (merged[section] === undefined && previous[section] !== undefined) {
      (merged as unknown as Record<string, unknown>)[section] = previous[section];
      if (section === "suiteNotes") continue;
      merged.carriedOver?.push(...carriedDates(section, previous));
    }
  }
  return keepOtherSuites(merged, previous);
}

/**
 * When `previous` measured `section`: its own run, or the runs it carried it from — a section
 * itself assembled from two runs (`comparisons (all suites but X)` from an earlier run, X's
 * from `previous`) keeps both dates.
 */
function carriedDates(
  section: string,
  previous: BenchResults,
): Array<{ section: string; date: string }> {
  const earlier = previous.carriedOver ?? [];
  const whole = earlier.find((c) => c.section === section);
  if (whole) return [whole];
  const prefix = `${section} (all suites but `;
  const partial = earlier.filter((c) => c.section.startsWith(prefix));
  if (partial.length === 0) return [{ section, date: previous.date }];
  return partial.flatMap((c) => [
    c,
    { section: `${section} (${c.section.slice(prefix.length, -1)})`, date: previous.date },
  ]);
}

/**
 * A run of some suites only (`--suite NAME`) replaces those suites' comparisons and notes and
 * keeps the other suites' from `previous`, in their order, saying from when.
 */
function keepOtherSuites(merged: BenchResults, previous: BenchResults): BenchResults {
  const ran = Object.keys(merged.suiteNotes ?? {});
  const before = previous.comparisons ?? [];
  if (merged.comparisons === undefined || ran.length === 0) return merged;
  if (!before.some((c) => !ran.includes(c.suite))) return merged;
  const order = [...new Set([...before.map((c) => c.suite), ...ran])];
  merged.comparisons = order.flatMap((suite) =>
    (ran.includes(suite) ? (merged.comparisons ?? []) : before).filter((c) => c.suite === suite),
  );
  const notes: Record<string, string[]> = {};
  for (const suite of order) {
    const lines = ran.includes(suite) ? merged.suiteNotes?.[suite] : previous.suiteNotes?.[suite];
    if (lines !== undefined) notes[suite] = lines;
  }
  merged.suiteNotes = notes;
  const date =
    previous.carriedOver?.find((c) => c.section === "comparisons")?.date ?? previous.date;
  merged.carriedOver?.push({
    section: `comparisons (all suites but ${ran.join(", ")})`,
    date,
  });
  return merged;
}
