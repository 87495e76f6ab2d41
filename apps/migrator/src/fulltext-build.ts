import { Worker } from "node:worker_threads";
import { CliError } from "@sessionkit/core/cli";
import { type SideSearchIndexBuild, startSideSearchIndexBuild } from "@sessionkit/sqlite";
import type { CommandContext } from "./context.js";
import { startTicker } from "./progress.js";
import { targetFile } from "./stores.js";

/**
 * The database file of an SQLite (`sqlite:`) target, whose search index a deferred backfill
 * builds alongside the copy; null for other targets (their index is built after the copy).
 */
export function sideIndexedFile(url: string): string | null {
  return /^sqlite:/i.test(url) ? targetFile(url) : null;
}

/**
 * Starts building the search index of an SQLite target beside it while the backfill copies
 * (see `startSideSearchIndexBuild`: a worker thread tokenizes the committed events on the
 * second core; a killed run resumes it); undefined for other targets.
 * {@link buildFullTextIndex} merges it at the end; stop it when the copy does not complete (what
 * it committed stays for the next run).
 */
export function startIndexAlongside(ctx: CommandContext): SideSearchIndexBuild | undefined {
  const file = sideIndexedFile(ctx.targetUrl());
  return file === null ? undefined : startSideSearchIndexBuild(file);
}

/**
 * Events indexed per second by the full-text rebuild of schema version 3, which tokenizes every
 * event in JavaScript (core's searchIndexText; ~22 s per million events measured on the 2-core
 * CI machine); only used for the time-left estimate.
 */
export const FULLTEXT_EVENTS_PER_SECOND = 45_000;

/**
 * Builds the target's full-text index once (after a backfill that deferred it): the target is
 * closed here; the index built alongside the copy (`alongside`, SQLite targets) is merged in by
 * its worker thread (one transaction). Otherwise the target is opened with full-text search on
 * in a worker thread, which (after merging a side index a killed run left) builds whatever index
 * is missing. This thread keeps printing progress. Returns the seconds it took.
 */
export async function buildFullTextIndex(
  ctx: CommandContext,
  events: number,
  alongside?: SideSearchIndexBuild,
): Promise<number> {
  await ctx.closeTarget();
  const started = Date.now();
  const stop = startTicker(
    ctx.out,
    `building the full-text index (${events.toLocaleString("en")} events)`,
    Math.max(1, events / FULLTEXT_EVENTS_PER_SECOND),
  );
  try {
    // The side build's worker indexes what the copy wrote last and merges. One that failed is
    // not fatal: the index worker below merges again (tokenizing every event the side index
    // lacks) or rebuilds the index.
    const side = await alongside?.finish({ merge: true }).catch(() => undefined);
    if (side?.merge?.outcome === "merged") return (Date.now() - started) / 1000;
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL("./fulltext-worker.js", import.meta.url), {
        workerData: { url: ctx.targetUrl(), sideIndexed: sideIndexedFile(ctx.targetUrl()) },
      });
      worker.once("message", () => resolve());
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (code !== 0) reject(new Error(`the index worker exited with code ${code}`));
      });
    });
  } catch (error) {
    throw new CliError(
      "FAILED",
      `[target] build the full-text index of ${ctx.targetName()}: ${error instanceof Error ? error.message : String(error)}`,
      "the copied data is intact; run `sessionkit-migrate status` (it opens the target with full-text search on, which builds the index) or backfill again",
    );
  } finally {
    stop();
  }
  return (Date.now() - started) / 1000;
}
