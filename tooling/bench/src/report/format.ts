/** Number formatting shared by the Markdown report and the console. */

/** A latency in µs, as µs below 10 ms, else ms. */
export function fmtLatency(us: number): string {
  if (!Number.isFinite(us)) return "—";
  if (us >= 10_000) return `${(us / 1000).toFixed(1)} ms`;
  if (us >= 100) return `${Math.round(us)} µs`;
  return `${us.toFixed(1)} µs`;
}

/** A rate, grouped thousands; one decimal below 100. */
export function fmtRate(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return x >= 100 ? Math.round(x).toLocaleString("en") : x.toFixed(1);
}

/** Bytes as MiB (or KiB under 1 MiB). */
export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  if (bytes === 0) return "0";
  if (bytes < 2 ** 20) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** A ratio like 1.07×; — for NaN. */
export function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return x >= 100 ? `${Math.round(x)}×` : `${x.toFixed(2)}×`;
}

/** A count with grouped thousands. */
export function fmtCount(n: number): string {
  return Math.round(n).toLocaleString("en");
}

/** A Markdown table from a header row and body rows (cells escaped for pipes). */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}
