import { describe, expect, it } from "vitest";
import { fmtBytes, fmtLatency, fmtRatio, markdownTable } from "../src/report/format.js";
import { renderMarkdown, targetRows } from "../src/report/markdown.js";
import {
  barChart,
  barLabel,
  decades,
  escapeXml,
  lineChart,
  niceAxis,
  renderSvg,
  shortNumber,
} from "../src/report/svg.js";
import {
  backfillFloorNote,
  backfillWorkNote,
  leanVariantNotes,
  peerBoundNote,
} from "../src/report/target-rows.js";
import { type BenchResults, mergeResults } from "../src/results.js";
import type { FloorKind, FloorRatio } from "../src/standard/pairs.js";
import { fullSizes } from "../src/standard/sizes.js";
import type { ComparisonResult } from "../src/suite.js";

function sample(): BenchResults {
  return {
    date: "2026-11-21T06:00:00.000Z",
    mode: "full",
    machine: { cpu: "Test CPU", cores: 2, memoryGiB: 8, os: "linux", node: "v20.0.0" },
    versions: { "better-sqlite3": "12.6.2" },
    load: { start: [1, 1, 1], end: [2, 2, 2] },
    seconds: 60,
    standard: {
      sizes: fullSizes,
      rounds: 2,
      pairRounds: 3,
      blocks: 10,
      seconds: 30,
      subjects: [
        {
          name: "sessionkit sqlite",
          kind: "adapter",
          floor: "raw better-sqlite3",
          errors: [],
          workloads: [
            {
              workload: "W2",
              rounds: 2,
              planned: 100_000,
              n: 100_000,
              throughput: 10_000,
              p50: 90,
              p99: 400,
              peakRssBytes: 80 * 2 ** 20,
              bytesOnDisk: 40 * 2 ** 20,
            },
          ],
        },
        {
          name: "Peer Store",
          kind: "peer",
          errors: [],
          workloads: [
            {
              workload: "W2",
              rounds: 2,
              planned: 100_000,
              n: 5_000,
              throughput: 50,
              p50: 20_000,
              p99: 40_000,
              peakRssBytes: 90 * 2 ** 20,
              bytesOnDisk: 2 ** 20,
            },
            {
              workload: "W4",
              rounds: 0,
              planned: 1000,
              n: 0,
              throughput: Number.NaN,
              p50: Number.NaN,
              p99: Number.NaN,
              peakRssBytes: Number.NaN,
              bytesOnDisk: Number.NaN,
              unsupported: "no listing",
            },
          ],
        },
      ],
      floorRatios: [
        {
          adapter: "sessionkit sqlite",
          floor: "raw better-sqlite3",
          workload: "W2",
          ratio: 1.05,
          rounds: 30,
          target: 1.2,
          ok: true,
        },
        {
          adapter: "sessionkit sqlite",
          floor: "raw better-sqlite3",
          workload: "W5",
          ratio: 1.5,
          rounds: 15,
          target: 1.2,
          ok: false,
        },
      ],
      peerRatios: [
        { peer: "Peer Store", workload: "W2", ratio: 200, rounds: 2, target: 100, ok: true },
      ],
      failures: [],
    },
    curves: [
      {
        id: "getSession",
        title: "getSession vs history",
        sizeLabel: "events in the session",
        points: [
          {
            size: 1000,
            p50: { "sessionkit sqlite": 100, "sessionkit libsql (embedded)": 110 },
            ratio: 1.01,
          },
          {
            size: 1_000_000,
            p50: { "sessionkit sqlite": 130, "sessionkit libsql (embedded)": 115 },
            ratio: 1.02,
          },
        ],
      },
    ],
  };
}

describe("format", () => {
  it("formats latencies, sizes and ratios", () => {
    expect(fmtLatency(12.34)).toBe("12.3 µs");
    expect(fmtLatency(1234)).toBe("1234 µs");
    expect(fmtLatency(12_345)).toBe("12.3 ms");
    expect(fmtBytes(3 * 2 ** 20)).toBe("3.0 MiB");
    expect(fmtBytes(2048)).toBe("2 KiB");
    expect(fmtRatio(1.234)).toBe("1.23×");
    expect(fmtRatio(250.4)).toBe("250×");
    expect(fmtRatio(Number.NaN)).toBe("—");
  });
  it("builds Markdown tables, escaping pipes", () => {
    expect(markdownTable(["a", "b"], [["1", "x|y"]])).toBe("| a | b |\n|---|---|\n| 1 | x\\|y |");
  });
});

describe("targetRows", () => {
  it("checks floor, peer, flatness targets with pass and miss", () => {
    const rows = targetRows(sample());
    expect(
      rows.find((r) => r.target.includes("W2") && r.target.includes("raw better-sqlite3"))?.ok,
    ).toBe(true);
    expect(rows.find((r) => r.target.includes("W5"))).toMatchObject({
      measured: "1.50×",
      ok: false,
    });
    expect(rows.find((r) => r.target.includes("Peer Store"))).toMatchObject({
      measured: "200× faster",
      ok: true,
    });
    // sqlite 130/100 = 1.3 > 1.2: missed; libsql 115/110 ≈ 1.05: flat.
    expect(
      rows.find((r) => r.target.includes("flat") && r.target.includes("sessionkit sqlite:"))?.ok,
    ).toBe(false);
    expect(rows.find((r) => r.target.includes("flat") && r.target.includes("libsql"))?.ok).toBe(
      true,
    );
  });
});

describe("renderMarkdown", () => {
  const md = renderMarkdown(sample());
  it("has the header with machine, Node, load and versions", () => {
    expect(md).toContain("# Benchmarks");
    expect(md).toContain("Test CPU, 2 cores, 8 GiB RAM");
    expect(md).toContain("Node v20.0.0");
    expect(md).toContain("at start 1 / 1 / 1, at end 2 / 2 / 2");
    expect(md).toContain("better-sqlite3 12.6.2");
    expect(md).toContain("![scaling curves and adapter-vs-peer bars](docs/benchmarks.svg)");
  });
  it("prints cut-short runs, unsupported workloads, ratios and misses", () => {
    expect(md).toContain("| Peer Store | peer | 5,000 of 100,000 | 50.0 | 20.0 ms | 40.0 ms |");
    expect(md).toContain("not supported: no listing");
    expect(md).toContain(
      "| sessionkit sqlite | raw better-sqlite3 | own-SQL floor | — | 1.05× pass | — | — | 1.50× **MISS** | — |",
    );
    expect(md).toContain("200× [≥ 100×: pass]");
    expect(md).toContain("| 1,000,000 | 130 µs | 115 µs | 1.02× |");
  });
});

describe("mergeResults", () => {
  it("keeps sections this run did not measure, saying from when", () => {
    const previous = sample();
    const current: BenchResults = {
      ...sample(),
      date: "2026-11-22T06:00:00.000Z",
      curves: undefined,
      standard: undefined,
    };
    current.standard = previous.standard;
    const merged = mergeResults(current, previous);
    expect(merged.curves).toBe(previous.curves);
    expect(merged.carriedOver).toEqual([{ section: "curves", date: previous.date }]);
    expect(mergeResults(current, undefined)).toBe(current);
  });

  it("replaces only the suites this run measured (--suite), keeping the others in order", () => {
    const comparison = (suite: string, workload: string) =>
      ({ suite, workload }) as unknown as ComparisonResult;
    const previous: BenchResults = {
      ...sample(),
      comparisons: [comparison("sqlite", "append"), comparison("backfill", "old")],
      suiteNotes: { sqlite: ["sqlite note"], backfill: ["old backfill note"] },
    };
    const current: BenchResults = {
      ...sample(),
      date: "2026-11-22T06:00:00.000Z",
      comparisons: [comparison("backfill", "new")],
      suiteNotes: { backfill: ["new backfill note"] },
    };
    const merged = mergeResults(current, previous);
    expect(merged.comparisons?.map((c) => `${c.suite}:${c.workload}`)).toEqual([
      "sqlite:append",
      "backfill:new",
    ]);
    expect(merged.suiteNotes).toEqual({ sqlite: ["sqlite note"], backfill: ["new backfill note"] });
    expect(merged.carriedOver).toContainEqual({
      section: "comparisons (all suites but backfill)",
      date: previous.date,
    });
  });

  it("keeps both dates of a section assembled from two runs when a later run carries it over", () => {
    const mixed: BenchResults = {
      ...sample(),
      date: "2026-11-23T06:00:00.000Z",
      comparisons: [],
      carriedOver: [
        { section: "comparisons (all suites but backfill)", date: "2026-11-20T06:00:00.000Z" },
      ],
    };
    const later: BenchResults = {
      ...sample(),
      date: "2026-11-24T06:00:00.000Z",
      comparisons: undefined,
    };
    expect(mergeResults(later, mixed).carriedOver).toEqual([
      { section: "comparisons (all suites but backfill)", date: "2026-11-20T06:00:00.000Z" },
      { section: "comparisons (backfill)", date: mixed.date },
    ]);
  });
});

describe("svg", () => {
  it("escapes text and shortens numbers", () => {
    expect(escapeXml('<a & "b">')).toBe("&lt;a &amp; &quot;b&quot;&gt;");
    expect(shortNumber(1_000_000)).toBe("1M");
    expect(shortNumber(10_000)).toBe("10k");
    expect(shortNumber(2.5)).toBe("2.5");
  });
  it("shortens long subject names for bar labels", () => {
    expect(barLabel("sessionkit sqlite")).toBe("sk sqlite");
    expect(barLabel("ADK-JS DatabaseSessionService (SQLite)")).toBe("ADK DatabaseSessionService");
    expect(barLabel("sessionkit libsql (embedded)")).toBe("sk libsql (embedded)");
  });
  it("chooses nice linear axes and decades", () => {
    expect(niceAxis(230)).toEqual({ top: 250, step: 50 });
    expect(niceAxis(0)).toEqual({ top: 1, step: 0.2 });
    expect(decades(1000, 1_000_000)).toEqual([1000, 10_000, 100_000, 1_000_000]);
    expect(decades(50, 50)).toEqual([10, 100]);
  });
  it("draws one polyline per series with a point per value, on a log x-axis", () => {
    const svg = lineChart({ x: 0, y: 0, w: 400, h: 300 }, "t", "x", "y", [
      {
        name: "a",
        points: [
          [1000, 10],
          [10_000, 20],
          [100_000, 30],
        ],
      },
      {
        name: "b",
        points: [
          [1000, 5],
          [100_000, 5],
        ],
      },
    ]);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(5);
    // Evenly spaced decades: 1k, 10k, 100k at x = 50, 220, 390 (plot 50..390).
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].slice(0, 3).map((m) => Number(m[1]));
    expect((xs[1] as number) - (xs[0] as number)).toBeCloseTo(
      (xs[2] as number) - (xs[1] as number),
      5,
    );
  });
  it("marks bars that have no figure", () => {
    const svg = barChart(
      { x: 0, y: 0, w: 400, h: 300 },
      "t",
      "ops/s",
      ["W2", "W3"],
      [{ label: "x", values: [1000, Number.NaN] }],
    );
    expect(svg.match(/<rect[^>]*fill="#2563eb"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain(">n/a<");
  });
  it("renders a whole well-formed chart", () => {
    const svg = renderSvg(sample());
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("getSession, last 100 events");
    expect(svg).toContain("not measured in this run");
  });
});

describe("leanVariantNotes", () => {
  const ratio = (floorKind: FloorKind, floor: string, workload: string, r: number): FloorRatio => ({
    adapter: "sessionkit sqlite",
    floor,
    floorKind,
    workload: workload as FloorRatio["workload"],
    ratio: r,
    rounds: 2,
    target: floorKind === "lean" ? 1.5 : undefined,
    ok: floorKind === "lean" ? r <= 1.5 : undefined,
  });
  const all = [
    ratio("lean", "lean better-sqlite3", "W1", 2),
    ratio("lean + listing indexes", "lean better-sqlite3 (+ listing indexes)", "W1", 1.25),
    ratio("lean", "lean better-sqlite3", "W3", 1.1),
    ratio("lean + listing indexes", "lean better-sqlite3 (+ listing indexes)", "W3", 1.1),
    ratio("lean", "lean better-sqlite3", "W5", 1.3),
    ratio("lean + contract work", "lean better-sqlite3 (+ contract work)", "W5", 1.07),
    ratio("lean + contract work", "lean better-sqlite3 (+ contract work)", "W1", 0.9),
  ];
  it("gives a W1/W2/W4 lean ratio the ratio against the lean floor with the listing indexes", () => {
    expect(leanVariantNotes(all, all[0] as FloorRatio)).toBe(
      " (1.25× against lean better-sqlite3 (+ listing indexes): the lean floor with sessionkit's three listing indexes)",
    );
    expect(leanVariantNotes(all, all[2] as FloorRatio)).toBe("");
    expect(leanVariantNotes([all[0] as FloorRatio], all[0] as FloorRatio)).toBe("");
  });
  it("gives a W2/W5 lean ratio the ratio against the lean floor doing the contract work", () => {
    expect(leanVariantNotes(all, all[4] as FloorRatio)).toBe(
      " (1.07× against lean better-sqlite3 (+ contract work): the lean floor also validating each event (typed errors, one serialization and copy) and returning the stored events, as the contract asks)",
    );
    // W1 is not a workload the contract work changes: no note, even when measured.
    expect(leanVariantNotes(all, all[0] as FloorRatio)).not.toContain("contract");
  });
  it("puts it into the target row of the miss", () => {
    const r = sample();
    r.standard?.floorRatios.push(...all.slice(0, 2));
    const row = targetRows(r).find((t) =>
      t.target.includes("lean better-sqlite3 (lean floor), W1"),
    );
    expect(row?.measured).toContain("1.25× against");
    expect(row?.ok).toBe(false);
  });
});

describe("backfillFloorNote", () => {
  const worker = (eventsPerSecond: number, cpuSeconds = 1_000_000 / eventsPerSecond) => ({
    mode: "raw",
    fulltext: "off",
    recheck: "none",
    events: 1_000_000,
    copySeconds: 1_000_000 / eventsPerSecond,
    indexSeconds: 0,
    totalSeconds: 1_000_000 / eventsPerSecond,
    eventsPerSecond,
    copyEventsPerSecond: eventsPerSecond,
    maxRssMB: 150,
    cpuSeconds,
  });
  it("says when the raw floor without any index is below the target too", () => {
    expect(backfillFloorNote(worker(48_000), worker(91_886))).toBe(
      "; the raw floor into a target without any index (reading the files and the adapter's INSERTs, no checks, no index) does 91,886 events/s in the same run: the target is above what the driver does on this machine",
    );
  });
  it("says nothing when the target is met, the floor meets it, or there is no floor", () => {
    expect(backfillFloorNote(worker(120_000), worker(91_886))).toBe("");
    expect(backfillFloorNote(worker(80_000), worker(130_000))).toBe("");
    expect(backfillFloorNote(worker(80_000), undefined)).toBe("");
  });

  describe("backfillWorkNote", () => {
    const point = (cores: number, indexCpuSeconds: number) => ({
      events: 1_000_000,
      sessions: 10_000,
      sessionkit: worker(57_000, 28),
      raw: worker(40_000),
      rawNoIndex: worker(109_000, 9.5),
      indexAlone: worker(70_000, indexCpuSeconds),
      cores,
    });
    it("says when the least CPU work (raw copy + index alone) cannot reach the target on these cores", () => {
      expect(backfillWorkNote(point(2, 14.5))).toBe(
        "; out of reach on this machine's 2 cores: the raw floor's copy without any index takes 9.5 CPU-s and building the index alone (the core tokenizer and FTS5 inserts, one thread) 14.5 CPU-s, so even split perfectly over 2 cores the work takes 12.0 s: at most 83,333 events/s",
      );
    });
    it("says nothing when the cores could do it, the target is met, or the work was not measured", () => {
      expect(backfillWorkNote(point(4, 14.5))).toBe("");
      expect(backfillWorkNote(point(2, 9))).toBe("");
      expect(backfillWorkNote({ ...point(2, 14.5), sessionkit: worker(120_000, 30) })).toBe("");
      expect(backfillWorkNote({ ...point(2, 14.5), indexAlone: undefined })).toBe("");
      expect(backfillWorkNote({ ...point(2, 14.5), cores: undefined })).toBe("");
    });
  });
});

describe("peerBoundNote", () => {
  const lean: FloorRatio = {
    adapter: "sessionkit sqlite",
    floor: "lean better-sqlite3",
    floorKind: "lean",
    workload: "W2",
    ratio: 0.8,
    rounds: 2,
    target: 1.5,
    ok: true,
  };
  it("derives the peer's time over the lean floor's and what the target would take", () => {
    const peer = {
      peer: "Mastra LibSQLStore",
      workload: "W2",
      ratio: 1.75,
      rounds: 1,
      target: 3,
      ok: false,
    };
    expect(peerBoundNote([lean], peer as never)).toBe(
      "; the peer takes 1.40× the time of lean better-sqlite3 (the lean floor, search index included; 1.75× × sessionkit sqlite's lean ratio 0.80×, this run): 3× faster than the peer needs sessionkit sqlite at ≤ 0.47× the lean floor's time",
    );
  });
  it("says nothing without the lean ratio of the same workload", () => {
    const peer = { peer: "P", workload: "W3", ratio: 10, rounds: 1, target: 20, ok: false };
    expect(peerBoundNote([lean], peer as never)).toBe("");
  });
});
