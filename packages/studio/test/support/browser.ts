import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium (installed here and by .ci/run). */
export const CHROMIUM = "/usr/bin/chromium";
/** Whether the browser tests can run on this machine. */
export const hasChromium = existsSync(CHROMIUM);
/** Outside CI a missing Chromium skips the browser tests; in CI it fails them. */
export const runBrowserTests = hasChromium || Boolean(process.env.CI);
/** Why the browser tests are skipped, for the suite's title. */
export const skipReason = `${CHROMIUM} is missing (install Debian's chromium: apt-get install chromium); skipped outside CI, fails in CI`;

/** Starts headless Chromium; throws with the remedy when it is missing (CI). */
export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium) throw new Error(`CI: ${skipReason}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}

/** A page of the given size (screenshots use 1280 × 800). */
export async function newPage(browser: Browser, width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  // A step that fails names itself well within the test's own timeout.
  page.setDefaultTimeout(10_000);
  return page;
}

/**
 * Opens `url` and waits until the page's data is in: the sessions table (sessions page) or the
 * visible timeline rows (session page). @returns milliseconds from navigation to ready.
 */
export async function openAndTime(page: Page, url: string, ready: string): Promise<number> {
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 30_000 });
  return performance.now() - started;
}

/** The selector that is present once the sessions page shows its first page. */
export const SESSIONS_READY = "body[data-sessions-ready='true'] [data-testid='sessions-table']";
/** …once the timeline's visible rows are loaded. */
export const TIMELINE_READY = "main[data-timeline-ready='true'] .vl-row[data-seq]";
