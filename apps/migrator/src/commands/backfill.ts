import { isSessionKitError } from "@sessionkit/core";
import { CliError, problemText, refusedError, usageError } from "@sessionkit/core/cli";
import { type BackfillResult, backfill, readBackfillCheckpoint } from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { buildFullTextIndex, startIndexAlongside } from "../fulltext-build.js";
import { Progress } from "../progress.js";
import { fullTextOption } from "../stores.js";

export interface BackfillCommandOptions {
  batchSize?: string;
  batchEvents?: string;
  maxEventsPerSecond?: string;
  restart?: boolean;
  recheck?: string;
  offline?: boolean;
  deferFulltext?: boolean;
  skipFulltext?: boolean;
  skipCorrupt?: boolean;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw usageError(
      `${name} must be a positive integer`,
      `pass a whole number ≥ 1, e.g. ${name} 500`,
    );
  return n;
}

/**
 * Copies every legacy session into the target in batches, each committed with its checkpoint;
 * resumable after any interruption. Runs in dual-write (so concurrent application writes reach
 * the target) — or in foundation with --offline when no application is writing.
 */
export async function backfillCommand(
  ctx: CommandContext,
  options: BackfillCommandOptions,
): Promise<BackfillResult> {
  await ctx.lock();
  const record = await ctx.record();
  if (record.phase !== "dual-write" && !(record.phase === "foundation" && options.offline)) {
    throw refusedError(
      `backfill runs in the dual-write phase; the migration is in ${record.phase}`,
      record.phase === "foundation"
        ? "turn on dual-write first (`sessionkit-migrate cutover`), or pass --offline if no application writes the legacy store"
        : "the backfill is no longer needed in this phase",
    );
  }
  if (record.phase === "dual-write") await ctx.settle(record.since, "dual-write");
  const { source } = await ctx.legacySource(record);
  // Offline (foundation, no application writing), nothing can change under the copy.
  const offline = record.phase === "foundation";
  const recheck = options.recheck ?? (offline ? "none" : "full");
  if (!["full", "keys", "none"].includes(recheck)) {
    throw usageError("--recheck must be full, keys or none", "pass --recheck full, keys or none");
  }
  // SQL targets keep a full-text index through per-row triggers. By default the backfill drops
  // the triggers for the copy and builds the index once at the end (several times faster; an
  // application that opens the target meanwhile re-creates the triggers: slower, still
  // correct); --no-defer-fulltext keeps the per-row index. --skip-fulltext copies without the
  // index and leaves it off, for applications that open the target with fullTextSearch: false
  // (search scans; one that opens it with the index on builds the index then).
  const skipFulltext = options.skipFulltext ?? false;
  if (skipFulltext && options.deferFulltext) {
    throw usageError(
      "--skip-fulltext and --defer-fulltext exclude each other",
      "pass one: --defer-fulltext builds the index at the end, --skip-fulltext leaves it off",
    );
  }
  const deferFulltext = !skipFulltext && (options.deferFulltext ?? true);
  // Units an interrupted earlier run already copied: the ETA counts this run's pace only.
  const before = options.restart ? null : await readBackfillCheckpoint(await ctx.target());
  // (The record was read through a default open: reopen to change the adapter option.)
  const target =
    deferFulltext || skipFulltext
      ? await ctx.reopenTarget(fullTextOption(ctx.targetUrl(), false))
      : await ctx.target();
  const progress = new Progress(
    ctx.out,
    ctx.dryRun ? "backfill (dry run)" : "backfill",
    "sessions",
    2000,
    before && !before.done ? before.sessions : 0,
  );
  // An SQLite target's index is built alongside the copy, on the second core.
  const alongside = deferFulltext && !ctx.dryRun ? startIndexAlongside(ctx) : undefined;
  let result: BackfillResult | undefined;
  try {
    result = await backfill({
      source,
      target,
      batchSize: positive(options.batchSize, "--batch-size"),
      batchEvents: positive(options.batchEvents, "--batch-events"),
      maxEventsPerSecond: positive(options.maxEventsPerSecond, "--max-events-per-second"),
      restart: options.restart,
      skipCorrupt: options.skipCorrupt ?? false,
      recheck: recheck as "full" | "keys" | "none",
      dryRun: ctx.dryRun,
      signal: ctx.signal,
      onProgress: (p) =>
        progress.update({
          done: p.sessions,
          total: p.totalSessions,
          events: p.events,
          rate: p.eventsPerSecond,
        }),
    });
  } catch (error) {
    if (isSessionKitError(error, "CORRUPT") && !options.skipCorrupt) {
      throw new CliError(
        "CORRUPT",
        problemText(error),
        "restore the file from a backup and run backfill again (it resumes), or pass --skip-corrupt to copy everything else and list each damaged file",
      );
    }
    throw error;
  } finally {
    progress.stop();
    if (!result || result.interrupted) await alongside?.stop();
  }
  let indexSeconds: number | null = null;
  if (deferFulltext && !result.interrupted && !ctx.dryRun) {
    indexSeconds = await buildFullTextIndex(ctx, result.events, alongside);
  }
  const totalSeconds = result.durationMs / 1000 + (indexSeconds ?? 0);
  const value = {
    ...result,
    fullTextIndexSeconds: indexSeconds,
    totalEventsPerSecond: totalSeconds > 0 ? (result.events * 1) / totalSeconds : 0,
  };
  ctx.out.result(value, () => {
    const lines = [
      `${result.dryRun ? "[dry run] " : ""}backfill ${result.interrupted ? "interrupted (resumable: run backfill again)" : "complete"}${result.resumed ? " (resumed)" : ""}`,
      `  sessions ${result.sessions}  events ${result.events}  written ${result.written}  skipped ${result.skipped}  re-copied ${result.recopied}  failed ${result.failed}`,
      `  ${Math.round(result.eventsPerSecond)} events/s over ${(result.durationMs / 1000).toFixed(1)} s${indexSeconds !== null ? `; full-text index built in ${indexSeconds.toFixed(1)} s; ${Math.round(value.totalEventsPerSecond)} events/s overall` : ""}`,
    ];
    for (const p of result.problems.slice(0, 20))
      lines.push(`  ✗ ${JSON.stringify(p.key)}: ${p.message}`);
    for (const c of result.skippedCorrupt)
      lines.push(`  ✗ skipped ${JSON.stringify(c.key)}: ${c.message}`);
    if (result.skippedCorrupt.length > 0)
      lines.push(
        `  ${result.skippedCorrupt.length} damaged legacy sessions skipped (--skip-corrupt); verify counts them until they are restored or moved away`,
      );
    if (result.unstable.length > 0)
      lines.push(
        `  ${result.unstable.length} sessions kept changing; run verify, then repair if needed`,
      );
    if (!result.interrupted) lines.push("next: `sessionkit-migrate verify`");
    return lines.join("\n");
  });
  if (!result.interrupted && result.skippedCorrupt.length > 0) {
    throw new CliError(
      "PARTIAL",
      `backfill skipped ${result.skippedCorrupt.length} damaged legacy session files`,
      "restore them from a backup (backfill --restart, or repair in dual-write, copies them) or move them out of the legacy root",
    );
  }
  if (result.interrupted)
    throw new CliError("INTERRUPTED", "backfill interrupted", "run backfill again to resume");
  return result;
}
