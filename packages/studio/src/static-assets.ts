import { readFile } from "node:fs/promises";
import { studioError } from "./api/studio-error.js";

/** The front-end, built by `scripts/build-web.mjs` into dist/web (shipped in the package). */
const WEB_ROOT = new URL("../dist/web/", import.meta.url);

/** The files the page consists of, with their content types. */
const ASSETS: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

/** One served file. */
export interface Asset {
  type: string;
  body: Buffer | string;
}

/**
 * Loads the page and its assets once. The token is written into the page (a meta tag the script
 * reads), so the page's API calls carry it in a header; the asset URLs carry it as a query.
 * @throws NOT_FOUND when the front-end was not built (`pnpm --filter @sessionkit/studio build`).
 */
export async function loadAssets(token: string): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  let html: string;
  try {
    html = await readFile(new URL("index.html", WEB_ROOT), "utf8");
    for (const [name, type] of Object.entries(ASSETS)) {
      assets.set(`/${name}`, { type, body: await readFile(new URL(name, WEB_ROOT)) });
    }
  } catch (error) {
    throw studioError(
      "NOT_FOUND",
      "startStudio",
      `the studio front-end is missing (${error instanceof Error ? error.message : String(error)})`,
      "build it: pnpm --filter @sessionkit/studio run build",
    );
  }
  const query = `?token=${encodeURIComponent(token)}`;
  assets.set("/", {
    type: "text/html; charset=utf-8",
    body: html.replaceAll("__TOKEN__", token).replaceAll("__ASSET_QUERY__", query),
  });
  return assets;
}
