import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseOptions } from "../src/options.js";
import { benchEvent } from "../src/standard/events.js";
import type { StandardSizes } from "../src/standard/sizes.js";
import { rawBetterSqliteSubject } from "../src/standard/subjects/floor-better-sqlite3.js";
import { memorySubject, sqliteSubject } from "../src/standard/subjects/sessionkit.js";
import { type BlockTimes, runWorkloads } from "../src/standard/workloads.js";

const sizes: StandardSizes = {
  sessions: 20,
  users: 2,
  events: 200,
  appendSessions: 2,
  reads: 6,
  readLast: 50,
  lists: 6,
  listLimit: 5,
  batchEvents: 100,
  batches: 2,
  budgetMs: 10_000,
};

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "sk-bench-test-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("benchEvent", () => {
  it("has about 300 bytes of content and a state delta on every fifth event", () => {
    const sizesOf = Array.from(
      { length: 50 },
      (_, i) => JSON.stringify(benchEvent(i, 0).content).length,
    );
    expect(Math.min(...sizesOf)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...sizesOf)).toBeLessThanOrEqual(350);
    const deltas = Array.from({ length: 20 }, (_, i) => benchEvent(i, 0).stateDelta);
    expect(deltas.filter(Boolean)).toHaveLength(4);
    expect(deltas[4]).toEqual({ turn: 4, "user:lastTurn": 4 });
  });
});

describe("runWorkloads", () => {
  it("runs W1–W5 on a real store and reports every workload", async () => {
    const subject = await memorySubject.open(tempDir());
    const [results] = await runWorkloads([{ factory: memorySubject, subject }], sizes);
    expect(results?.map((r) => r.workload)).toEqual(["W1", "W2", "W3", "W4", "W5"]);
    expect(results?.map((r) => r.n)).toEqual([20, 200, 6, 6, 2]);
    expect(results?.[4]?.eventsPerSecond).toBeGreaterThan(0);
    // Session 0 got 100 of W2's events, enough for W3's last 50: no top-up.
    expect(results?.[2]?.note).toBeUndefined();
    const session = (await subject.readSession("user0", "s0", 1000)) as {
      events: unknown[];
      state: Record<string, unknown>;
    };
    expect(session.events).toHaveLength(100);
    // Session 0 gets the even events; its last delta is event 194. W5's batches (user 0) end
    // with event 99's delta, which set user 0's lastTurn last.
    expect(session.state).toEqual({ turn: 194, "user:lastTurn": 99 });
    await subject.close();
  });

  it("interleaves the floor and the adapter block by block on the same calls", async () => {
    const floor = await rawBetterSqliteSubject.open(tempDir());
    const adapter = await sqliteSubject.open(tempDir());
    const blockTimes: BlockTimes = {};
    const [f, a] = await runWorkloads(
      [
        { factory: rawBetterSqliteSubject, subject: floor },
        { factory: sqliteSubject, subject: adapter },
      ],
      sizes,
      4,
      blockTimes,
    );
    expect(blockTimes.W2).toHaveLength(4);
    expect(blockTimes.W5).toHaveLength(2);
    for (const [floorUs, adapterUs] of blockTimes.W2 as number[][]) {
      expect(floorUs).toBeGreaterThan(0);
      expect(adapterUs).toBeGreaterThan(0);
    }
    expect(f?.map((r) => r.n)).toEqual(a?.map((r) => r.n));
    // Both stores hold the same session after the same calls.
    const fromFloor = (await floor.readSession("user0", "s0", 50)) as {
      state: unknown;
      events: Array<{ id: string }>;
    };
    const fromAdapter = (await adapter.readSession("user0", "s0", 50)) as {
      state: unknown;
      events: Array<{ id: string }>;
    };
    expect(fromFloor.state).toEqual(fromAdapter.state);
    expect(fromFloor.events.map((e) => e.id)).toEqual(fromAdapter.events.map((e) => e.id));
    await floor.close();
    await adapter.close();
  });
});

describe("parseOptions", () => {
  it("writes and asserts on full runs only, unless told", () => {
    expect(parseOptions([])).toMatchObject({ mode: "full", write: true, assert: true });
    expect(parseOptions(["--quick"])).toMatchObject({ mode: "quick", write: false, assert: false });
    expect(parseOptions(["--", "--quick", "--write"])).toMatchObject({
      mode: "quick",
      write: true,
    });
    expect(parseOptions(["--no-write"]).write).toBe(false);
  });
  it("selects sections and suites", () => {
    expect([...parseOptions(["--only", "standard,scaling"]).only]).toEqual(["standard", "scaling"]);
    expect([...parseOptions(["--suite", "sqlite"]).only]).toEqual(["suites"]);
    expect([...parseOptions(["--only", "concurrency"]).only]).toEqual(["concurrency"]);
    expect(() => parseOptions(["--only", "nope"])).toThrow(/unknown section/);
    expect(() => parseOptions(["--fast"])).toThrow(/unknown argument/);
    expect(() => parseOptions(["--rounds", "0"])).toThrow(/positive integer/);
  });
});

describe("runWorkloads with an unsupported workload", () => {
  it("skips it at once and reports why", async () => {
    const factory = { ...memorySubject, unsupported: { W5: "no batch API" } };
    const subject = await factory.open(tempDir());
    const blockTimes: BlockTimes = {};
    const started = performance.now();
    const [results] = await runWorkloads(
      [{ factory, subject }],
      { ...sizes, budgetMs: 2_000 },
      1,
      blockTimes,
    );
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(results?.[4]).toMatchObject({ workload: "W5", n: 0, unsupported: "no batch API" });
    expect(blockTimes.W5).toEqual([]);
    await subject.close();
  });
});
