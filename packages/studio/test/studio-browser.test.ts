import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { appendFromChildProcess } from "./support/append-from-child.js";
import {
  hasChromium,
  runBrowserTests,
  SESSIONS_READY,
  skipReason,
  TIMELINE_READY,
} from "./support/browser.js";
import { useBrowserSuite } from "./support/browser-suite.js";
import { JAPANESE_WORD, SUPPORT_SESSION, seedDemoStore } from "./support/demo-store.js";
import { pageUrl, studioOnSqlite } from "./support/studio-fixture.js";

/** The status of a GET sent with this Host header (fetch does not let a caller set Host). */
function statusVia(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

const sessionRoute = `#/session?app=${SUPPORT_SESSION.appName}&user=${SUPPORT_SESSION.userId}&session=${SUPPORT_SESSION.sessionId}`;

describe.skipIf(!runBrowserTests)(
  `the studio in headless Chromium (${hasChromium ? "/usr/bin/chromium" : skipReason})`,
  () => {
    const suite = useBrowserSuite(seedDemoStore);

    it("lists sessions, opens one and shows each state delta on the event that made it", async () => {
      await suite.page.goto(pageUrl(suite.fixture.studio, "#/sessions?app=support-bot"));
      await suite.page.waitForSelector(SESSIONS_READY);
      expect(await suite.page.locator("[data-testid=mode]").textContent()).toBe("read-only");
      const ids = await suite.page
        .locator("[data-testid=sessions-table] tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session")));
      // Active sessions only, most recently updated first (the order the demo wrote them in).
      expect(ids.slice(0, 3)).toEqual(["s-refund-42", "s-jp-returns", "s-plain-7"]);
      expect(ids).not.toContain("s-expired");
      expect(ids).toHaveLength(10);

      await suite.page.click("a:text-is('s-refund-42')");
      await suite.page.waitForSelector(TIMELINE_READY);
      expect(await suite.page.locator("[data-testid=event-count]").textContent()).toBe("6");
      const badges = await suite.page
        .locator(".vl-row[data-seq]")
        .evaluateAll((rows) =>
          rows.map((r) => [
            Number(r.getAttribute("data-seq")),
            r.querySelector("[data-testid=delta-badge]")?.textContent ?? null,
          ]),
        );
      expect(badges).toEqual([
        [1, null],
        [2, null],
        [3, "Δ order_id, order_status"],
        [4, "Δ refund_state, user:open_tickets"],
        [5, null],
        [6, "Δ refund_state"],
      ]);

      // Keyboard: focus the list, Home, two steps down, and the detail shows event 3.
      await suite.page.focus(".vl");
      await suite.page.keyboard.press("Home");
      await suite.page.keyboard.press("ArrowDown");
      await suite.page.keyboard.press("ArrowDown");
      await suite.page.waitForSelector(".event-detail[data-seq='3']");
      expect(await suite.page.locator(".event-detail .block.result strong").textContent()).toBe(
        "lookup_order",
      );
      const delta = await suite.page
        .locator("[data-testid=state-delta] tbody tr")
        .allTextContents();
      expect(delta).toEqual(['order_id"1042"', 'order_status"delivered"']);
      await suite.page.click(".vl-row[data-seq='2']");
      await suite.page.waitForSelector(".event-detail[data-seq='2'] .block.call");
      expect(await suite.page.locator(".event-detail .block.call pre").textContent()).toContain(
        '"orderId": "1042"',
      );
    });

    it("shows events appended by another process live, streaming ones included", async () => {
      await suite.page.goto(pageUrl(suite.fixture.studio, sessionRoute));
      await suite.page.waitForSelector(TIMELINE_READY);
      await suite.page.waitForSelector("[data-testid=live-status]:text-is('live')");
      // A streaming (partial) event from another process: shown while it streams, never stored.
      await appendFromChildProcess(suite.fixture.path, SUPPORT_SESSION, {
        author: "support_agent",
        content: "Your refund has been",
        partial: true,
      });
      await suite.page.waitForSelector("[data-testid=partial]:has-text('Your refund has been')", {
        timeout: 10_000,
      });
      expect(await suite.page.locator("[data-testid=event-count]").textContent()).toBe("6");
      await appendFromChildProcess(suite.fixture.path, SUPPORT_SESSION, {
        author: "support_agent",
        content: "Your refund has been paid out.",
        stateDelta: { refund_state: "paid" },
      });
      const row = suite.page.locator(".vl-row[data-seq='7']");
      await row.waitFor({ timeout: 10_000 });
      expect(await row.locator(".summary").textContent()).toBe("Your refund has been paid out.");
      expect(await row.locator("[data-testid=delta-badge]").textContent()).toBe("Δ refund_state");
      expect(await suite.page.locator("[data-testid=event-count]").textContent()).toBe("7");

      // The live page follows the app's recently updated sessions over one SSE stream.
      await suite.page.goto(pageUrl(suite.fixture.studio, "#/live?app=support-bot"));
      await suite.page.waitForSelector("[data-testid=following][data-sessions]");
      await appendFromChildProcess(suite.fixture.path, SUPPORT_SESSION, {
        author: "user",
        content: "Received it, thanks!",
      });
      const entry = suite.page.locator("[data-testid=live-feed] li[data-seq='8']");
      await entry.waitFor({ timeout: 10_000 });
      expect(await entry.textContent()).toContain("Received it, thanks!");
    });

    it("finds a Japanese word across sessions and highlights it in the snippet", async () => {
      await suite.page.goto(
        pageUrl(
          suite.fixture.studio,
          `#/sessions?app=support-bot&q=${encodeURIComponent(JAPANESE_WORD)}`,
        ),
      );
      await suite.page.waitForSelector("[data-testid=search-hits] li");
      const hits = suite.page.locator("[data-testid=search-hits] li");
      expect(await hits.count()).toBe(2);
      expect(await hits.locator("mark").allTextContents()).toEqual([JAPANESE_WORD, JAPANESE_WORD]);
      await hits.first().locator("a").click();
      await suite.page.waitForSelector(".event-detail");
      expect(await suite.page.locator(".event-detail").textContent()).toContain(JAPANESE_WORD);
    });

    it("shows a store error with its code and remedy", async () => {
      await suite.page.goto(
        pageUrl(suite.fixture.studio, "#/session?app=support-bot&user=u-ada&session=missing"),
      );
      const error = suite.page.locator(".error[role=alert]");
      await error.waitFor();
      expect(await error.getAttribute("data-code")).toBe("NOT_FOUND");
      expect(await error.locator(".remedy").textContent()).toContain("What to do:");
    });

    it("shows the store's figures and integrity, and a store without a migration record", async () => {
      await suite.page.goto(pageUrl(suite.fixture.studio, "#/store"));
      await suite.page.waitForSelector("[data-testid=store-figures]");
      expect(
        await suite.page.locator("[data-testid=stat-events] .figure-value").textContent(),
      ).toBe("33"); // the demo's 31 events + the 2 appended live above
      expect(
        Number(
          await suite.page.locator("[data-testid=schema-version] .figure-value").textContent(),
        ),
      ).toBeGreaterThan(0);
      await suite.page.click("button:text('Run integrity check')");
      await suite.page.waitForSelector("[data-testid=integrity] p.ok");
      await suite.page.goto(pageUrl(suite.fixture.studio, "#/migration"));
      const next = suite.page.locator("[data-testid=next-command] pre");
      await next.waitFor();
      expect(await next.textContent()).toBe(
        "sessionkit-migrate init --legacy <url> --target <url>",
      );
    });

    it("refuses requests without the token, or through another host name", async () => {
      const { port, token } = suite.fixture.studio;
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/`)).status).toBe(401);
      expect((await fetch(`${base}/api/apps`)).status).toBe(401);
      expect((await fetch(`${base}/api/apps?token=wrong-${token}`)).status).toBe(401);
      expect(
        (await fetch(`${base}/api/apps`, { headers: { "x-studio-token": token } })).status,
      ).toBe(200);
      expect(await statusVia(port, `/api/apps?token=${token}`, `evil.example:${port}`)).toBe(421);
      expect(await statusVia(port, `/api/apps?token=${token}`, `localhost:${port}`)).toBe(200);
      const response = await suite.page.goto(`${base}/#/sessions`);
      expect(response?.status()).toBe(401);
      expect(await suite.page.textContent("body")).toContain("UNAUTHORIZED");
    });

    it("is read-only by default: writes are refused and the page offers none", async () => {
      const { port, token } = suite.fixture.studio;
      const q = new URLSearchParams({ app: "support-bot", user: "u-0", session: "s-plain-0" });
      const refused = await fetch(`http://127.0.0.1:${port}/api/session/delete?${q}`, {
        method: "POST",
        headers: { "x-studio-token": token },
      });
      expect(refused.status).toBe(403);
      const body = (await refused.json()) as { error: { code: string; remedy: string } };
      expect(body.error.code).toBe("UNSUPPORTED");
      expect(body.error.remedy).toContain("--allow-writes");
      // A write carrying the token only in the query (as a cross-site form could) is refused too.
      const viaQuery = await fetch(
        `http://127.0.0.1:${port}/api/session/delete?${q}&token=${token}`,
        { method: "POST" },
      );
      expect(viaQuery.status).toBe(401);
      expect(
        await suite.fixture.repository.getSession({
          appName: "support-bot",
          userId: "u-0",
          sessionId: "s-plain-0",
        }),
      ).not.toBeNull();
      await suite.page.goto(
        pageUrl(suite.fixture.studio, "#/session?app=support-bot&user=u-0&session=s-plain-0"),
      );
      await suite.page.waitForSelector(TIMELINE_READY);
      expect(await suite.page.locator("button:text('Delete…')").count()).toBe(0);
    });

    it("with --allow-writes, expires a session after confirmation in the page", async () => {
      const writable = await studioOnSqlite(seedDemoStore, { allowWrites: true });
      try {
        const key = { appName: "support-bot", userId: "u-1", sessionId: "s-plain-1" };
        await suite.page.goto(
          pageUrl(
            writable.studio,
            `#/session?app=${key.appName}&user=${key.userId}&session=${key.sessionId}`,
          ),
        );
        await suite.page.waitForSelector(TIMELINE_READY);
        expect(await suite.page.locator("[data-testid=mode]").textContent()).toBe("writes allowed");
        await suite.page.click("button:text('Expire…')");
        await suite.page.click("dialog[open] button:text('Cancel')");
        expect((await writable.repository.getSession(key))?.status).toBe("active");
        await suite.page.click("button:text('Expire…')");
        await suite.page.click("dialog[open] button:text-is('Expire')");
        await suite.page.waitForSelector(".badge.expired");
        expect(await writable.repository.getSession(key)).toBeNull();
        expect((await writable.repository.getSession(key, { includeExpired: true }))?.status).toBe(
          "expired",
        );
      } finally {
        await writable.dispose();
      }
    });
  },
);
