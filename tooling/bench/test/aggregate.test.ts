import { describe, expect, it } from "vitest";
import { aggregateRuns, blockRatio, ratioOf, type SubjectRun } from "../src/standard/aggregate.js";
import { roundOrder } from "../src/standard/runner.js";
import type { SubjectFactory, WorkloadId } from "../src/standard/subject.js";
import type { WorkloadResult } from "../src/standard/workloads.js";

const result = (
  workload: WorkloadId,
  opsPerSecond: number,
  extra: Partial<WorkloadResult> = {},
): WorkloadResult => ({
  workload,
  planned: 100,
  n: 100,
  opsPerSecond,
  p50: 1e6 / opsPerSecond,
  p99: 2e6 / opsPerSecond,
  peakRssBytes: 50 * 2 ** 20,
  bytesOnDisk: 1000,
  ...extra,
});

const factory = (
  name: string,
  kind: SubjectFactory["kind"],
  extra: Partial<SubjectFactory> = {},
): SubjectFactory => ({
  name,
  kind,
  open: () => Promise.reject(new Error("not opened in this test")),
  ...extra,
});

describe("aggregateRuns", () => {
  it("takes the median of every figure over the rounds, events/s for W5", () => {
    const runs: SubjectRun[] = [
      {
        subject: "a",
        round: 0,
        results: [result("W2", 100), result("W5", 2, { eventsPerSecond: 20_000 })],
      },
      {
        subject: "a",
        round: 1,
        results: [result("W2", 300), result("W5", 3, { eventsPerSecond: 30_000 })],
      },
      {
        subject: "a",
        round: 2,
        results: [result("W2", 200), result("W5", 1, { eventsPerSecond: 10_000 })],
      },
    ];
    const [a] = aggregateRuns([factory("a", "adapter")], runs);
    expect(a?.workloads.find((w) => w.workload === "W2")?.throughput).toBe(200);
    expect(a?.workloads.find((w) => w.workload === "W2")?.rounds).toBe(3);
    expect(a?.workloads.find((w) => w.workload === "W5")?.throughput).toBe(20_000);
  });
  it("keeps a subject's unsupported reasons and failed rounds", () => {
    const runs: SubjectRun[] = [
      { subject: "p", round: 0, results: [result("W4", 0, { unsupported: "no listing", n: 0 })] },
      { subject: "p", round: 1, results: [], error: "exit 1: boom" },
    ];
    const [p] = aggregateRuns([factory("p", "peer")], runs);
    expect(p?.workloads[0]?.unsupported).toBe("no listing");
    expect(p?.errors).toEqual(["round 2: exit 1: boom"]);
  });
});

describe("ratioOf", () => {
  const runs: SubjectRun[] = [
    { subject: "sk", round: 0, results: [result("W2", 10_000)] },
    { subject: "peer", round: 0, results: [result("W2", 50)] },
    { subject: "sk", round: 1, results: [result("W2", 8_000)] },
    { subject: "peer", round: 1, results: [result("W2", 100)] },
  ];
  it("is the median of per-round time ratios, checked against a lower bound", () => {
    // Peer time over sessionkit time: 200× and 80×.
    const r = ratioOf(runs, "W2", "peer", "sk", { value: 100, atMost: false });
    expect(r.ratio).toBe(140);
    expect(r.rounds).toBe(2);
    expect(r.ok).toBe(true);
  });
  it("is NaN (no verdict) when one side never ran the workload", () => {
    const r = ratioOf(runs, "W3", "peer", "sk", { value: 20, atMost: false });
    expect(r.ratio).toBeNaN();
    expect(r.ok).toBeUndefined();
  });
});

describe("blockRatio", () => {
  it("is the median of adapter block time over floor block time, over all blocks of all runs", () => {
    const r = blockRatio(
      [
        {
          W2: [
            [100, 110],
            [100, 150],
          ],
        },
        { W2: [[200, 220]] },
      ],
      "W2",
      1.2,
    );
    expect(r.ratio).toBeCloseTo(1.1);
    expect(r.rounds).toBe(3);
    expect(r.ok).toBe(true);
    expect(blockRatio([{ W1: [[100, 200]] }], "W1", 1.2).ok).toBe(false);
  });
});

describe("roundOrder", () => {
  it("reverses the order on odd rounds so pairs alternate who goes first", () => {
    expect(roundOrder(["floor", "adapter", "peer"], 0)).toEqual(["floor", "adapter", "peer"]);
    expect(roundOrder(["floor", "adapter", "peer"], 1)).toEqual(["peer", "adapter", "floor"]);
  });
});
