import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { cli, json, startCli } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;
const fixtures: Fixture[] = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.remove();
});

async function dualWrite(sessions: number, events: number) {
  const fx = await legacyFixture(sessions, events);
  fixtures.push(fx);
  const target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "100"];
  const r = await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target);
  expect(r.code, r.stderr).toBe(0);
  return { fx, target };
}

function hasFullTextTrigger(path: string): boolean {
  const db = new Database(path, { readonly: true });
  try {
    return Boolean(
      db
        .prepare(
          "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = 'events_fts_insert'",
        )
        .get(),
    );
  } finally {
    db.close();
  }
}

/** Starts a slow backfill, sends `signal` after `afterMs`, returns its result. */
/** A slow backfill: small batches, throttled to 400 events/s. */
const slowBackfill = (target: string[]) =>
  startCli(["backfill", ...target, "--batch-size", "5", "--max-events-per-second", "400"]);

async function interruptedBackfill(target: string[], signal: NodeJS.Signals, afterMs: number) {
  const run = slowBackfill(target);
  // Counted from the command's first output (its signal handlers are in place by then), not from
  // the spawn: on a loaded machine Node's start-up alone can take seconds.
  await new Promise<void>((started) => {
    const timer = setTimeout(started, 60_000);
    const once = () => {
      clearTimeout(timer);
      started();
    };
    run.child.stdout?.once("data", once);
    run.child.stderr?.once("data", once);
  });
  await new Promise((r) => setTimeout(r, afterMs));
  run.child.kill(signal);
  return run.done;
}

describe("sessionkit-migrate backfill defaults, plan estimate, resume", () => {
  it("the default backfill defers the full-text index and builds it after the copy with progress; plan says so and estimates from a measured sample", async () => {
    const { fx, target } = await dualWrite(300, 20);
    let r = await cli("plan", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    const plan = json<{
      estimate: { method: string; defaults: { fullText: string }; eventsPerSecond: number };
    }>(r);
    expect(plan.estimate).toMatchObject({
      method: "measured-sample",
      defaults: { fullText: "deferred", recheck: "full" },
    });
    r = await cli("plan", ...target);
    expect(r.stdout).toContain("full-text index built once after the copy");
    expect(r.stdout).toMatch(/estimated ~\d+ s at ~[\d,]+ events\/s, measured/);

    r = await cli("backfill", ...target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("building the full-text index (6,000 events)");
    const overall = Number(/([\d.]+) events\/s overall/.exec(r.stdout)?.[1]);
    expect(overall).toBeGreaterThan(0);
    // The estimate comes from the options the backfill actually used: same order of magnitude.
    expect(plan.estimate.eventsPerSecond).toBeGreaterThan(overall / 4);
    expect(plan.estimate.eventsPerSecond).toBeLessThan(overall * 4);
    expect(hasFullTextTrigger(fx.db())).toBe(true);
    expect((await cli("verify", ...target)).code).toBe(0);
  });

  it("--no-defer-fulltext keeps the per-row index (no build at the end)", async () => {
    const { fx, target } = await dualWrite(40, 5);
    const r = await cli("backfill", ...target, "--no-defer-fulltext", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ done: true, fullTextIndexSeconds: null });
    expect(hasFullTextTrigger(fx.db())).toBe(true);
  });

  it("SIGHUP (terminal closed) stops the backfill like SIGINT: exit 130, resumable, nothing lost", async () => {
    const { target } = await dualWrite(120, 20);
    const first = await interruptedBackfill(target, "SIGHUP", 2500);
    expect(first.signal, first.stderr).toBeNull();
    expect(first.code, first.stderr).toBe(130);
    expect(first.stdout).toContain("backfill interrupted (resumable");
    const status = json<{ backfill: { sessions: number; done: boolean } }>(
      await cli("status", ...target, "--json"),
    );
    expect(status.backfill.done).toBe(false);
    expect(status.backfill.sessions).toBeGreaterThan(0);
    const r = await cli("backfill", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ done: true, resumed: true, sessions: 120, failed: 0 });
    expect((await cli("verify", ...target)).code).toBe(0);
  });

  it("after a resume the ETA counts the resumed run's own pace", async () => {
    const { target } = await dualWrite(200, 20);
    const first = await interruptedBackfill(target, "SIGINT", 4000);
    expect(first.code, first.stderr).toBe(130);
    const started = Date.now();
    const resumed = slowBackfill(target);
    const lines: Array<{ at: number; eta: number }> = [];
    resumed.child.stderr?.on("data", (d: Buffer) => {
      for (const m of String(d).matchAll(/sessions, .*ETA (\d+)s/g))
        lines.push({ at: Date.now(), eta: Number(m[1]) });
    });
    const r = await resumed.done;
    expect(r.code, r.stderr).toBe(0);
    const ended = Date.now();
    // Lines printed once the run has a pace (after its first second) and well before the end.
    const measured = lines.filter((l) => l.at - started > 1500 && ended - l.at > 1500);
    expect(measured.length, r.stderr).toBeGreaterThan(0);
    for (const l of measured) {
      const left = (ended - l.at) / 1000;
      expect(l.eta, `ETA ${l.eta}s with ${left.toFixed(1)}s left`).toBeGreaterThanOrEqual(
        left * 0.6,
      );
      expect(l.eta).toBeLessThanOrEqual(left * 1.6 + 2);
    }
  });
});
