import { describe, expect, it } from "vitest";
import {
  hasChromium,
  openAndTime,
  runBrowserTests,
  SESSIONS_READY,
  skipReason,
  TIMELINE_READY,
} from "./support/browser.js";
import { useBrowserSuite } from "./support/browser-suite.js";
import { BIG_SESSION, seedScaleStore } from "./support/demo-store.js";
import { pageUrl } from "./support/studio-fixture.js";

// The behaviours `pnpm run measure:scale` times on 1M events (one session of 100k), on a store
// small enough for every CI run. Timings are reported by the measurement, never asserted here.
const SIZES = { bigSessionEvents: 5_000, sessions: 300, eventsPerSession: 3 };

describe.skipIf(!runBrowserTests)(
  `the studio on a larger store in headless Chromium (${hasChromium ? "/usr/bin/chromium" : skipReason})`,
  () => {
    const suite = useBrowserSuite((repo) => seedScaleStore(repo, SIZES));

    it("pages through sessions with keyset cursors, forward and back", async () => {
      await openAndTime(
        suite.page,
        pageUrl(suite.fixture.studio, "#/sessions?app=scale"),
        SESSIONS_READY,
      );
      const ids = () =>
        suite.page
          .locator("[data-testid=sessions-table] tbody tr")
          .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session")));
      const first = await ids();
      expect(first).toHaveLength(50);
      expect(first[0]).toBe("s-299");
      await suite.page.click("a[rel=next]");
      await suite.page.waitForSelector(`[data-testid=sessions-table] tr[data-session='s-249']`);
      const second = await ids();
      expect(second).toHaveLength(50);
      expect(second.filter((id) => first.includes(id))).toEqual([]);
      await suite.page.click("a:text('← Newer')");
      await suite.page.waitForSelector(`[data-testid=sessions-table] tr[data-session='s-299']`);
      expect(await ids()).toEqual(first);
    });

    it("opens a long session at its latest events and scrolls back to the first (virtualised)", async () => {
      const route = `#/session?app=${BIG_SESSION.appName}&user=${BIG_SESSION.userId}&session=${BIG_SESSION.sessionId}`;
      await openAndTime(suite.page, pageUrl(suite.fixture.studio, route), TIMELINE_READY);
      const seqs = () =>
        suite.page
          .locator(".vl-row[data-seq]")
          .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-seq"))));
      const latest = await seqs();
      expect(Math.max(...latest)).toBe(SIZES.bigSessionEvents);
      // Only the rows in view exist.
      expect(await suite.page.locator(".vl-row").count()).toBeLessThan(40);
      await suite.page.focus(".vl");
      await suite.page.keyboard.press("Home");
      await suite.page.waitForSelector(".vl-row[data-seq='1']");
      await suite.page.waitForSelector(".event-detail[data-seq='1']");
      expect(await suite.page.locator(".event-detail").textContent()).toContain(
        "turn 1: what is next?",
      );
      expect(
        await suite.page.locator(".vl-row[data-seq='1'] [data-testid=delta-badge]").textContent(),
      ).toBe("Δ step");
    });
  },
);
