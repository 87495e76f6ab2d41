// `pnpm --filter @sessionkit/studio run screenshots`: writes docs/studio/*.png, the screenshots
// shown in the README and docs/studio.md (English text only: the machine may lack CJK fonts), taken in headless Chromium from a studio serving the
// demo store (a real phased migration for the migration page: SQLite legacy → SQLite target).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { appendDrift, backfill, repositorySource, setMigrationPhase } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { it } from "vitest";
import { startStudio } from "../src/index.js";
import { launchBrowser, newPage, SESSIONS_READY } from "../test/support/browser.js";
import { SUPPORT_SESSION, seedDemoStore } from "../test/support/demo-store.js";

const OUT = fileURLToPath(new URL("../../../docs/studio/", import.meta.url));

it("takes the screenshots of the main pages", async () => {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-studio-shots-"));
  const legacy = createSqliteRepository({ path: join(dir, "legacy.db") });
  const target = createSqliteRepository({ path: join(dir, "sessions.db") });
  await seedDemoStore(legacy);
  await setMigrationPhase(target, "foundation", { legacy: "sqlite:./legacy.db", by: "init" });
  await setMigrationPhase(target, "dual-write", { by: "cutover" });
  await backfill({ source: repositorySource(legacy, "sqlite:legacy.db"), target, batchSize: 4 });
  await appendDrift(target, {
    side: "target",
    operation: "appendEvent",
    key: SUPPORT_SESSION,
    at: Date.now(),
    code: "BUSY",
    error: "[sqlite] appendEvent: database is locked (BUSY)",
  });
  const studio = await startStudio({
    store: { name: "sqlite:./sessions.db", repository: target },
    legacy: { name: "sqlite:./legacy.db", repository: legacy },
  });
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser, 1280, 760);
    const shot = async (route: string, ready: string, name: string) => {
      await page.goto(`${studio.url}${route}`);
      await page.waitForSelector(ready);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(OUT, `${name}.png`) });
    };
    const key = `app=${SUPPORT_SESSION.appName}&user=${SUPPORT_SESSION.userId}&session=${SUPPORT_SESSION.sessionId}`;
    await shot("#/sessions?app=support-bot", SESSIONS_READY, "sessions");
    await shot(
      `#/sessions?app=support-bot&q=${"refund"}`,
      "[data-testid=search-hits] mark",
      "search",
    );
    await shot(`#/session?${key}&seq=3`, ".event-detail[data-seq='3']", "timeline");
    await shot(`#/state?${key}&key=refund_state`, "[data-testid=key-history] li", "state");
    await page.goto(`${studio.url}#/live?app=support-bot`);
    await page.waitForSelector("[data-testid=following][data-sessions]");
    const other = { appName: "support-bot", userId: "u-1", sessionId: "s-plain-7" };
    await target.appendEvent(other, { author: "user", content: "Any news about my parcel?" });
    await target.appendEvent(SUPPORT_SESSION, {
      author: "user",
      content: "Great, thank you!",
      stateDelta: { satisfied: true },
    });
    await target.appendEvent(SUPPORT_SESSION, {
      author: "support_agent",
      content: "You're welcome — anything else",
      partial: true,
    });
    await page.waitForSelector("[data-testid=live-feed] li.partial");
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, "live.png") });
    await shot("#/store", "[data-testid=store-figures]", "store");
    await page.goto(`${studio.url}#/migration`);
    await page.waitForSelector("[data-testid=verify] button");
    await page.click("[data-testid=verify] button");
    await page.waitForSelector("[data-testid=verify] p.ok, [data-testid=verify] p.error");
    await page.screenshot({ path: join(OUT, "migration.png"), fullPage: true });
  } finally {
    await browser.close();
    await studio.close();
    await legacy.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
