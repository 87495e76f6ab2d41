import { describe, expect, it } from "vitest";
import {
  FLOOR_TARGET,
  type FloorKind,
  floorKindLabel,
  floorRatiosOf,
  LEAN_P99_TARGET,
  LEAN_TEXT_OFF_W2_TARGET,
  type PairRuns,
  pairSpecs,
  peerTarget,
} from "../src/standard/pairs.js";
import type { SubjectFactory, WorkloadId } from "../src/standard/subject.js";
import type { WorkloadResult } from "../src/standard/workloads.js";

const factory = (name: string, extra: Partial<SubjectFactory>): SubjectFactory => ({
  name,
  kind: "adapter",
  open: () => Promise.reject(new Error("not opened in this test")),
  ...extra,
});

const factories = [
  factory("raw better-sqlite3", { kind: "floor" }),
  factory("lean better-sqlite3", { kind: "floor" }),
  factory("lean indexed", { kind: "floor", pairOnly: true }),
  factory("lean contract", { kind: "floor", pairOnly: true }),
  factory("sessionkit sqlite", {
    floor: "raw better-sqlite3",
    leanFloor: "lean better-sqlite3",
    listingLeanFloor: "lean indexed",
    contractLeanFloor: "lean contract",
  }),
  factory("lean off", { kind: "floor", pairOnly: true }),
  factory("sessionkit sqlite off", { leanFloor: "lean off", pairOnly: true }),
  factory("sessionkit memory", { floor: "no such floor" }),
  factory("Some Peer", { kind: "peer" }),
];

const w2 = (p99: number): WorkloadResult => ({
  workload: "W2",
  planned: 10,
  n: 10,
  opsPerSecond: 1,
  p50: 1,
  p99,
  peakRssBytes: 0,
  bytesOnDisk: 0,
});

function pair(kind: FloorKind, second: string, first: string): PairRuns {
  const blocks: Partial<Record<WorkloadId, number[][]>> = {};
  for (const w of ["W1", "W2", "W3", "W4", "W5"] as const) {
    blocks[w] = [
      [100, 140],
      [100, 130],
      [100, 150],
    ];
  }
  return {
    spec: { kind, first, second, blocks: 3, rounds: 1 },
    blockTimes: [blocks],
    results: [[[w2(1000)], [w2(2500)]]],
  };
}

describe("pairSpecs", () => {
  it("pairs each adapter with its own-SQL and lean floors, and sessionkit sqlite with each peer", () => {
    const specs = pairSpecs(factories, 6, 2);
    expect(specs.map((s) => [s.kind, s.first, s.second, s.blocks, s.rounds])).toEqual([
      ["own-SQL", "raw better-sqlite3", "sessionkit sqlite", 6, 2],
      ["lean", "lean better-sqlite3", "sessionkit sqlite", 6, 2],
      ["lean + listing indexes", "lean indexed", "sessionkit sqlite", 6, 2],
      ["lean + contract work", "lean contract", "sessionkit sqlite", 6, 2],
      ["lean", "lean off", "sessionkit sqlite off", 6, 2],
      ["peer", "sessionkit sqlite", "Some Peer", 60, 1],
    ]);
  });
});

describe("floorRatiosOf", () => {
  it("checks own-SQL ratios against 1.2× and gives the W2 p99 ratio without a target", () => {
    const rows = floorRatiosOf(pair("own-SQL", "sessionkit sqlite", "raw"), factories);
    expect(rows.map((r) => r.target)).toEqual(new Array(5).fill(FLOOR_TARGET));
    expect(rows[0]).toMatchObject({ ratio: 1.4, ok: false, floorKind: "own-SQL" });
    expect(rows[1]).toMatchObject({ workload: "W2", p99Ratio: 2.5 });
    expect(rows[1]?.p99Target).toBeUndefined();
  });
  it("checks lean ratios against 1.5× (W1, W2, W4), 1.2× (W3, W5) and the p99 against 2×", () => {
    const rows = floorRatiosOf(pair("lean", "sessionkit sqlite", "lean"), factories);
    expect(rows.map((r) => [r.target, r.ok])).toEqual([
      [1.5, true],
      [1.5, true],
      [1.2, false],
      [1.5, true],
      [1.2, false],
    ]);
    expect(rows[1]).toMatchObject({ p99Ratio: 2.5, p99Target: LEAN_P99_TARGET, p99Ok: false });
  });
  it("gives the full-text-off variant W2's 1.3× target only", () => {
    const rows = floorRatiosOf(pair("lean", "sessionkit sqlite off", "lean off"), factories);
    expect(rows.map((r) => r.target)).toEqual([
      undefined,
      LEAN_TEXT_OFF_W2_TARGET,
      undefined,
      undefined,
      undefined,
    ]);
    expect(rows[1]?.ok).toBe(false);
  });
});

describe.each([
  ["lean + listing indexes", "lean indexed", "lean floor + listing indexes"],
  ["lean + contract work", "lean contract", "lean floor + contract work"],
] as Array<[FloorKind, string, string]>)("the %s variant", (kind, floor, label) => {
  it("is informational: no target, no p99 target, its own label", () => {
    const rows = floorRatiosOf(pair(kind, "sessionkit sqlite", floor), factories);
    expect(rows.map((r) => r.target)).toEqual(new Array(5).fill(undefined));
    expect(rows.map((r) => r.ok)).toEqual(new Array(5).fill(undefined));
    expect(rows[1]?.p99Target).toBeUndefined();
    expect(floorKindLabel(kind)).toBe(label);
    expect(floorKindLabel(undefined)).toBe("own-SQL floor");
  });
});

describe("peerTarget", () => {
  it("has issue 8's W2 and W3 targets for ADK's database service and Mastra", () => {
    expect(peerTarget("ADK-JS DatabaseSessionService (SQLite)", "W2")).toBe(100);
    expect(peerTarget("Mastra LibSQLStore", "W3")).toBe(20);
    expect(peerTarget("naive JSON files", "W2")).toBeUndefined();
  });
});

describe("pairSpecs without peers (smoke runs)", () => {
  it("leaves the peer pairs out", () => {
    expect(pairSpecs(factories, 2, 1, false).some((s) => s.kind === "peer")).toBe(false);
  });
});
