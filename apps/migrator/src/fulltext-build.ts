import { Worker } from "node:worker_threads";
import { CliError } from "@sessionkit/core/cli";
import type { CommandContext } from "./context.js";
import { startTicker } from "./progress.js";

/**
 * Events indexed per second by the full-text rebuild of schema version 3, which tokenizes every
 * event in JavaScript (core's searchIndexText; ~22 s per million events measured on the 2-core
 * CI machine); only used for the time-left estimate.
 */
export const FULLTEXT_EVENTS_PER_SECOND = 45_000;

/**
 * Builds the target's full-text index once (after a backfill that deferred it): the target is
 * closed here and opened with full-text search on in a worker thread, so this thread keeps
 * printing progress while SQLite rebuilds the index. Returns the seconds it took.
 */
export async function buildFullTextIndex(ctx: CommandContext, events: number): Promise<number> {
  await ctx.closeTarget();
  const started = Date.now();
  const stop = startTicker(
    ctx.out,
    `building the full-text index (${events.toLocaleString("en")} events)`,
    Math.max(1, events / FULLTEXT_EVENTS_PER_SECOND),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL("./fulltext-worker.js", import.meta.url), {
        workerData: { url: ctx.targetUrl() },
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
