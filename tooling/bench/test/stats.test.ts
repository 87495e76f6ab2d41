import { describe, expect, it } from "vitest";
import { median, quantileSorted, summarizeLatencies } from "../src/stats.js";

describe("quantileSorted", () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  it("takes the nearest rank", () => {
    expect(quantileSorted(values, 0.5)).toBe(50);
    expect(quantileSorted(values, 0.99)).toBe(99);
    expect(quantileSorted(values, 1)).toBe(100);
    expect(quantileSorted(values, 0)).toBe(1);
  });
  it("is 0 without values", () => {
    expect(quantileSorted([], 0.5)).toBe(0);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it("ignores non-finite values and is NaN for none", () => {
    expect(median([Number.NaN, 5, Number.POSITIVE_INFINITY])).toBe(5);
    expect(median([])).toBeNaN();
  });
});

describe("summarizeLatencies", () => {
  it("gives n, ops/s over the total time, p50 and p99", () => {
    const samples = [...Array.from({ length: 99 }, () => 10), 1000];
    const s = summarizeLatencies(samples, 1_990);
    expect(s.n).toBe(100);
    expect(s.opsPerSecond).toBeCloseTo(100 / 0.00199, 3);
    expect(s.p50).toBe(10);
    expect(s.p99).toBe(10);
    expect(summarizeLatencies([...samples, 2000], 3_990).p99).toBe(1000);
  });
});
