import type { SessionRepository } from "@sessionkit/core";
import { ExitCode } from "@sessionkit/core/cli";
import type { Command } from "commander";
import { assertCanConfirm, confirm, type DestructiveOptions } from "../cli/confirm.js";
import { type CliContext, contextOf } from "../cli/context.js";
import { integerAtLeast, isoInstant } from "../cli/parsers.js";
import { withStore } from "../cli/with-store.js";
import { ownersTable, sessionCount } from "../output/owner-view.js";
import { startProgress } from "../output/progress.js";
import { type CandidateFilter, countCandidates, totalSessions } from "../store/count-candidates.js";

interface PurgeCliOptions extends DestructiveOptions {
  expiredBefore?: number;
  batch?: number;
}

/**
 * `purge`: hard-deletes expired sessions in batches, with a progress bar on a terminal.
 * Ctrl-C stops after the current batch (exit 130); running it again resumes. `--dry-run` shows
 * the count per app and user and deletes nothing. On a terminal it asks first; elsewhere it
 * needs `--yes`.
 */
export function registerPurge(program: Command): void {
  program
    .command("purge")
    .description("permanently delete expired sessions, in batches (Ctrl-C stops; rerun resumes)")
    .option("--expired-before <iso>", "only sessions expired before this time", isoInstant)
    .option("--batch <n>", "sessions deleted per transaction (default 500)", integerAtLeast(1))
    .option("--dry-run", "only show how many sessions would be deleted, per app and user")
    .option("--yes", "delete without asking (required when stdin is not a terminal)")
    .action(async (options: PurgeCliOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      if (options.dryRun) {
        await purgeDryRun(ctx, options);
        return;
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      // `on`, not `once`: proper-lockfile's signal-exit re-raises a signal that no other
      // listener is left to handle, which would kill the process mid-batch.
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      try {
        const result = await withStore(ctx, "write", async (repo) => {
          assertCanConfirm("purge", options);
          if (!options.yes && !(await confirmPurge(ctx, repo, options))) return null;
          const stats = ctx.showProgress ? await repo.stats() : undefined;
          const candidates = stats ? stats.sessions - stats.activeSessions : 0;
          const progress = startProgress(ctx.showProgress, "Purging", candidates, "sessions");
          try {
            const purged = await repo.purgeExpired({
              signal: controller.signal,
              onProgress: (deleted) => progress.update(deleted),
              ...(options.expiredBefore !== undefined
                ? { expiredBefore: options.expiredBefore }
                : {}),
              ...(options.batch !== undefined ? { batchSize: options.batch } : {}),
            });
            if (purged.done) progress.finish(purged.deleted);
            return purged;
          } finally {
            progress.stop();
          }
        });
        if (result === null) {
          if (ctx.json) ctx.printJson({ cancelled: true, deleted: 0 });
          else ctx.print("Cancelled; no session was deleted.");
          process.exitCode = ExitCode.FAILED;
          return;
        }
        if (ctx.json) ctx.printJson(result);
        else if (result.done)
          ctx.print(`Purged ${result.deleted} expired ${plural(result.deleted)}.`);
        else {
          ctx.print(
            `Interrupted after purging ${result.deleted} expired ${plural(result.deleted)}; run the same command again to resume.`,
          );
        }
        if (!result.done) process.exitCode = ExitCode.INTERRUPTED;
      } finally {
        // Keep a no-op listener until exit: a Ctrl-C that lands after the last batch must not
        // kill the process by signal and hide the result.
        process.off("SIGINT", stop).on("SIGINT", ignore);
        process.off("SIGTERM", stop).on("SIGTERM", ignore);
      }
    });
}

function ignore(): void {}

function plural(count: number): string {
  return count === 1 ? "session" : "sessions";
}

function candidates(options: PurgeCliOptions): CandidateFilter {
  return {
    status: "expired",
    ...(options.expiredBefore !== undefined ? { expiredBefore: options.expiredBefore } : {}),
  };
}

function expiredBeforeText(options: PurgeCliOptions): string {
  return options.expiredBefore === undefined
    ? ""
    : ` expired before ${new Date(options.expiredBefore).toISOString()}`;
}

/** Shows what would be purged and asks; true to go ahead (also when nothing would be). */
async function confirmPurge(
  ctx: CliContext,
  repo: SessionRepository,
  options: PurgeCliOptions,
): Promise<boolean> {
  const owners = await countCandidates(repo, candidates(options));
  const total = totalSessions(owners);
  if (total === 0) return true;
  return confirm(
    ctx,
    options,
    ownersTable(owners, ctx.errColors),
    `Permanently delete ${sessionCount(total)}${expiredBeforeText(options)}, with their events?`,
  );
}

/** `purge --dry-run`: the expired sessions purge would delete, per app and user. */
async function purgeDryRun(ctx: CliContext, options: PurgeCliOptions): Promise<void> {
  const owners = await withStore(ctx, "read", (repo) => countCandidates(repo, candidates(options)));
  const total = totalSessions(owners);
  if (ctx.json) {
    ctx.printJson({
      dryRun: true,
      wouldDelete: total,
      expiredBefore: options.expiredBefore ?? null,
      owners,
    });
    return;
  }
  ctx.print(`Would delete ${sessionCount(total)}${expiredBeforeText(options)} (dry run).`);
  if (total > 0) ctx.print(ownersTable(owners, ctx.colors));
}
