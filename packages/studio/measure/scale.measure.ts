// `pnpm --filter @sessionkit/studio run measure:scale`: opens a studio on a generated store of
// 1,000,000 events (one session of 100,000 events plus 100,000 sessions of 9) in headless
// Chromium and reports how long the sessions page takes to show its first page and the big
// session's timeline its latest events (median of 5 page loads each, after one warm-up).
// Generation happens once into $SESSIONKIT_STUDIO_SCALE_DIR (default: a temp dir) and is reused.
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { expect, it } from "vitest";
import { startStudio } from "../src/index.js";
import {
  launchBrowser,
  newPage,
  openAndTime,
  SESSIONS_READY,
  TIMELINE_READY,
} from "../test/support/browser.js";
import { BIG_SESSION, seedScaleStore } from "../test/support/demo-store.js";

const SIZES = { bigSessionEvents: 100_000, sessions: 100_000, eventsPerSession: 9 };
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

it("measures the first page of sessions and the latest events of a 100k-event session on a 1M-event store", async () => {
  const dir = process.env.SESSIONKIT_STUDIO_SCALE_DIR ?? join(tmpdir(), "sessionkit-studio-scale");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "scale.db");
  const fresh = !existsSync(path);
  const repository = createSqliteRepository({ path });
  if (fresh) {
    const started = performance.now();
    const events = await seedScaleStore(repository, SIZES);
    console.log(
      `generated ${events.toLocaleString("en")} events in ${((performance.now() - started) / 1000).toFixed(1)} s into ${path}`,
    );
  }
  const stats = await repository.stats();
  console.log(
    `store: ${stats.sessions.toLocaleString("en")} sessions, ${stats.events.toLocaleString("en")} events, ${(stats.bytesOnDisk / 1024 / 1024).toFixed(0)} MiB`,
  );
  const studio = await startStudio({ store: { name: `sqlite:${path}`, repository } });
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    const sessionsUrl = `${studio.url}#/sessions?app=${BIG_SESSION.appName}`;
    const timelineUrl = `${studio.url}#/session?app=${BIG_SESSION.appName}&user=${BIG_SESSION.userId}&session=${BIG_SESSION.sessionId}`;
    const measure = async (url: string, ready: string) => {
      await openAndTime(page, "about:blank", "body");
      await openAndTime(page, url, ready); // warm-up
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await page.goto("about:blank");
        times.push(await openAndTime(page, url, ready));
      }
      return times;
    };
    const sessions = await measure(sessionsUrl, SESSIONS_READY);
    const timeline = await measure(timelineUrl, TIMELINE_READY);
    const lastVisible = await page
      .locator(".vl-row[data-seq]")
      .evaluateAll((rows) => Math.max(...rows.map((r) => Number(r.getAttribute("data-seq")))));
    expect(lastVisible).toBe(SIZES.bigSessionEvents);
    console.log(
      `sessions page, first page: median ${median(sessions).toFixed(0)} ms (runs: ${sessions.map((t) => t.toFixed(0)).join(", ")})`,
    );
    console.log(
      `100k-event timeline, latest events: median ${median(timeline).toFixed(0)} ms (runs: ${timeline.map((t) => t.toFixed(0)).join(", ")})`,
    );
  } finally {
    await browser.close();
    await studio.close();
    await repository.close();
  }
}, 900_000);
