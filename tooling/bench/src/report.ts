import type { ComparisonResult } from "./suite.js";

const fmt = (us: number) => (us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(1)} µs`);

/** One human-readable block per comparison. */
export function formatResult(r: ComparisonResult): string {
  const mark = r.target === undefined ? "info" : r.ok ? "ok  " : "MISS";
  const target = r.target === undefined ? "informational" : `target ≤ ${r.target}×`;
  const lines = [
    `${mark} ${r.workload}: ${r.ratio.toFixed(2)}× (${target})`,
    `       ${r.baselineLabel.padEnd(40)} p50 ${fmt(r.baseline.p50).padStart(10)}  p90 ${fmt(r.baseline.p90).padStart(10)}  n=${r.baseline.samples}`,
    `       ${r.candidateLabel.padEnd(40)} p50 ${fmt(r.candidate.p50).padStart(10)}  p90 ${fmt(r.candidate.p90).padStart(10)}  n=${r.candidate.samples}`,
  ];
  if (r.note) lines.push(`       ${r.note}`);
  return lines.join("\n");
}

/** The summary table: one row per comparison. */
export function formatSummary(results: ComparisonResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.suite} | ${r.workload} | ${fmt(r.baseline.p50)} | ${fmt(r.candidate.p50)} | ${r.ratio.toFixed(2)}× | ${r.target === undefined ? "—" : `≤ ${r.target}×`} | ${r.target === undefined ? "info" : r.ok ? "ok" : "MISS"} |`,
  );
  return [
    "| suite | workload | baseline p50 | candidate p50 | ratio (median of per-round ratios) | target | |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
