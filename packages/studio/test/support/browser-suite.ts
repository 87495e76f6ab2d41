import type { SessionRepository } from "@sessionkit/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, newPage } from "./browser.js";
import { type StudioFixture, useStudio } from "./studio-fixture.js";

/** What the tests of a browser suite use: the studio fixture, the browser and one page. */
export interface BrowserSuite {
  readonly fixture: StudioFixture;
  readonly browser: Browser;
  readonly page: Page;
}

/**
 * Before the suite: a studio on a real SQLite store filled by `seed`, headless Chromium and a
 * page; after it: all closed and removed. Call at the top of a `describe`.
 */
export function useBrowserSuite(
  seed: (repository: SessionRepository) => Promise<unknown>,
): BrowserSuite {
  const studio = useStudio(seed);
  const suite = {
    get fixture() {
      return studio.fixture;
    },
  } as { readonly fixture: StudioFixture; browser: Browser; page: Page };
  beforeAll(async () => {
    suite.browser = await launchBrowser();
    suite.page = await newPage(suite.browser);
  });
  afterAll(async () => {
    await suite.browser?.close();
  });
  return suite;
}
