import type { BenchResults } from "../results.js";
import type { Curve } from "../scaling/curve.js";

/** Hand-rolled SVG charts: line charts with a log x-axis, grouped bars with a log y-axis. */

const COLORS = [
  "#2563eb",
  "#dc2626",
  "#16a34a",
  "#9333ea",
  "#ea580c",
  "#0891b2",
  "#4b5563",
  "#ca8a04",
];
const FONT = 'font-family="system-ui, sans-serif"';

export function escapeXml(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** A number for axis labels: 1k, 10k, 1M, 250, 2.5. */
export function shortNumber(x: number): string {
  if (x >= 1e6) return `${+(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `${+(x / 1e3).toFixed(1)}k`;
  if (x >= 10) return `${Math.round(x)}`;
  return `${+x.toFixed(1)}`;
}

/** A "nice" upper bound and step for a linear axis from 0 to at least `max`. */
export function niceAxis(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  return { top: Math.ceil(max / step) * step, step };
}

/** Powers of ten covering [min, max] (at least two). */
export function decades(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(Math.max(min, 1e-9)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(max, 1e-9))));
  return Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Series {
  name: string;
  points: Array<[number, number]>;
}

const text = (x: number, y: number, s: string, extra = "") =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT}${extra.includes("font-size") ? "" : ' font-size="11"'} ${extra}>${escapeXml(s)}</text>`;

/** A line chart in `box`: log x, linear y from 0, a legend under the title. */
export function lineChart(
  box: Box,
  title: string,
  xLabel: string,
  yLabel: string,
  series: Series[],
): string {
  const all = series.flatMap((s) => s.points);
  const out: string[] = [text(box.x, box.y + 14, title, 'font-weight="bold" font-size="13"')];
  const plot = {
    x: box.x + 50,
    y: box.y + 30 + 16 * Math.ceil(series.length / 2),
    w: box.w - 60,
    h: 0,
  };
  plot.h = box.y + box.h - 40 - plot.y;
  if (all.length === 0) {
    out.push(text(plot.x, plot.y + 20, "not measured in this run"));
    return out.join("\n");
  }
  const xs = decades(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])));
  const lx0 = Math.log10(xs[0] as number);
  const lx1 = Math.log10(xs.at(-1) as number);
  const { top, step } = niceAxis(Math.max(...all.map((p) => p[1])));
  const px = (x: number) => plot.x + ((Math.log10(x) - lx0) / (lx1 - lx0)) * plot.w;
  const py = (y: number) => plot.y + plot.h - (y / top) * plot.h;
  for (let v = 0; v <= top + step / 2; v += step) {
    out.push(
      `<line x1="${plot.x}" y1="${py(v).toFixed(1)}" x2="${plot.x + plot.w}" y2="${py(v).toFixed(1)}" stroke="#e5e7eb"/>`,
      text(plot.x - 6, py(v) + 4, shortNumber(v), 'text-anchor="end"'),
    );
  }
  for (const x of xs) {
    out.push(
      `<line x1="${px(x).toFixed(1)}" y1="${plot.y}" x2="${px(x).toFixed(1)}" y2="${plot.y + plot.h}" stroke="#e5e7eb"/>`,
      text(px(x), plot.y + plot.h + 14, shortNumber(x), 'text-anchor="middle"'),
    );
  }
  out.push(
    `<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="none" stroke="#9ca3af"/>`,
    text(plot.x + plot.w / 2, plot.y + plot.h + 30, xLabel, 'text-anchor="middle"'),
    text(
      box.x + 10,
      plot.y + plot.h / 2,
      yLabel,
      `text-anchor="middle" transform="rotate(-90 ${box.x + 10} ${plot.y + plot.h / 2})"`,
    ),
  );
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] as string;
    const lx = box.x + (i % 2) * (box.w / 2);
    const ly = box.y + 30 + 16 * Math.floor(i / 2);
    out.push(
      `<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${color}"/>`,
      text(lx + 14, ly + 1, s.name),
    );
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    if (pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ")}"/>`,
      );
    }
    for (const [x, y] of pts) {
      out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${color}"/>`);
    }
  });
  return out.join("\n");
}

export interface BarGroup {
  label: string;
  /** One value per bar name; NaN or 0 draws no bar (with "n/a"). */
  values: number[];
}

/** Grouped bars in `box` on a log y-axis, values printed above the bars. */
export function barChart(
  box: Box,
  title: string,
  yLabel: string,
  barNames: string[],
  groups: BarGroup[],
): string {
  const out: string[] = [text(box.x, box.y + 14, title, 'font-weight="bold" font-size="13"')];
  barNames.forEach((name, i) => {
    const lx = box.x + i * 150;
    out.push(
      `<rect x="${lx}" y="${box.y + 22}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`,
      text(lx + 14, box.y + 31, name),
    );
  });
  const plot = { x: box.x + 50, y: box.y + 50, w: box.w - 60, h: box.h - 50 - 120 };
  const values = groups.flatMap((g) => g.values).filter((v) => v > 0 && Number.isFinite(v));
  if (values.length === 0) {
    out.push(text(plot.x, plot.y + 20, "not measured in this run"));
    return out.join("\n");
  }
  const ys = decades(Math.min(...values), Math.max(...values));
  const l0 = Math.log10(ys[0] as number);
  const l1 = Math.log10(ys.at(-1) as number);
  const py = (v: number) => plot.y + plot.h - ((Math.log10(v) - l0) / (l1 - l0)) * plot.h;
  for (const v of ys) {
    out.push(
      `<line x1="${plot.x}" y1="${py(v).toFixed(1)}" x2="${plot.x + plot.w}" y2="${py(v).toFixed(1)}" stroke="#e5e7eb"/>`,
      text(plot.x - 6, py(v) + 4, shortNumber(v), 'text-anchor="end"'),
    );
  }
  out.push(
    `<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="none" stroke="#9ca3af"/>`,
    text(
      box.x + 10,
      plot.y + plot.h / 2,
      yLabel,
      `text-anchor="middle" transform="rotate(-90 ${box.x + 10} ${plot.y + plot.h / 2})"`,
    ),
  );
  const groupW = plot.w / groups.length;
  const barW = Math.min(28, (groupW * 0.8) / barNames.length);
  groups.forEach((g, gi) => {
    const gx = plot.x + gi * groupW + (groupW - barW * barNames.length) / 2;
    g.values.forEach((v, bi) => {
      const x = gx + bi * barW;
      if (!(v > 0 && Number.isFinite(v))) {
        out.push(
          text(x + barW / 2, plot.y + plot.h - 4, "n/a", 'text-anchor="middle" font-size="9"'),
        );
        return;
      }
      const y = py(v);
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(plot.y + plot.h - y).toFixed(1)}" fill="${COLORS[bi % COLORS.length]}"/>`,
        text(x + barW / 2, y - 3, shortNumber(v), 'text-anchor="middle" font-size="9"'),
      );
    });
    const cx = plot.x + gi * groupW + groupW / 2;
    const cy = plot.y + plot.h + 12;
    out.push(
      text(cx, cy, g.label, `text-anchor="end" font-size="10" transform="rotate(-40 ${cx} ${cy})"`),
    );
  });
  return out.join("\n");
}

/** A subject's name short enough for a rotated axis label (the tables have the full names). */
export function barLabel(name: string): string {
  const short = name.replace(/^sessionkit /, "sk ").replace(/^ADK-JS /, "ADK ");
  return short.length > 26 ? short.replace(/ \(.*\)$/, "") : short;
}

function curveSeries(curve: Curve | undefined, scale = 1): Series[] {
  if (!curve) return [];
  const names = [...new Set(curve.points.flatMap((p) => Object.keys(p.p50)))];
  return names.map((name) => ({
    name,
    points: curve.points.flatMap((p) =>
      p.p50[name] === undefined ? [] : [[p.size, (p.p50[name] as number) * scale]],
    ) as Array<[number, number]>,
  }));
}

/** The chart of BENCHMARKS.md: two scaling curves, the backfill curve, and W2/W3 bars of adapters and peers. */
export function renderSvg(r: BenchResults): string {
  const W = 1000;
  const H = 900;
  const half = { w: W / 2 - 20, h: H / 2 - 20 };
  const parts: string[] = [];
  parts.push(
    lineChart(
      { x: 10, y: 10, ...half },
      "getSession, last 100 events (p50)",
      "events in the session (log)",
      "µs",
      curveSeries(r.curves?.find((c) => c.id === "getSession")),
    ),
    lineChart(
      { x: W / 2 + 10, y: 10, ...half },
      "listSessions of a user, 100 most recent (p50)",
      "sessions in the store (log)",
      "µs",
      curveSeries(r.curves?.find((c) => c.id === "listSessions")),
    ),
  );
  const backfill = r.backfill ?? [];
  parts.push(
    lineChart(
      { x: 10, y: H / 2 + 10, ...half },
      "Backfill JSON files → SQLite (events/s; peak RSS in legend)",
      "events backfilled (log)",
      "events/s",
      backfill.length === 0
        ? []
        : [
            {
              name: `sessionkit, index built (peak RSS ${backfill.map((p) => Math.round(p.sessionkit.maxRssMB)).join("/")} MB)`,
              points: backfill.map(
                (p) => [p.events, p.sessionkit.eventsPerSecond] as [number, number],
              ),
            },
            {
              name: `raw floor, index built (${backfill.map((p) => Math.round(p.raw.maxRssMB)).join("/")} MB)`,
              points: backfill.map((p) => [p.events, p.raw.eventsPerSecond] as [number, number]),
            },
            ...(backfill.every((p) => p.sessionkitNoIndex)
              ? [
                  {
                    name: `sessionkit, full-text off (${backfill.map((p) => Math.round(p.sessionkitNoIndex?.maxRssMB ?? 0)).join("/")} MB)`,
                    points: backfill.map(
                      (p) =>
                        [p.events, p.sessionkitNoIndex?.eventsPerSecond ?? 0] as [number, number],
                    ),
                  },
                ]
              : []),
          ],
    ),
  );
  const subjects = (r.standard?.subjects ?? []).filter((s) => s.kind !== "floor");
  parts.push(
    barChart(
      { x: W / 2 + 10, y: H / 2 + 10, ...half },
      "Adapters and peers: W2 appends/s, W3 reads/s (log)",
      "ops/s",
      ["W2 append", "W3 read last 1,000"],
      subjects.map((s) => ({
        label: barLabel(s.name),
        values: ["W2", "W3"].map(
          (w) => s.workloads.find((x) => x.workload === w)?.throughput ?? Number.NaN,
        ),
      })),
    ),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...parts,
    text(
      W - 10,
      H - 6,
      `pnpm bench, ${r.date.slice(0, 10)}, ${r.machine.cpu}, Node ${r.machine.node}`,
      'text-anchor="end" font-size="9" fill="#6b7280"',
    ),
    "</svg>",
    "",
  ].join("\n");
}
