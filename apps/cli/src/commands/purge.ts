import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { ExitCode } from "../cli/exit-codes.js";
import { integerAtLeast, isoInstant } from "../cli/parsers.js";
import { withStore } from "../cli/with-store.js";
import { startProgress } from "../output/progress.js";

interface PurgeCliOptions {
  expiredBefore?: number;
  batch?: number;
}

/**
 * `purge`: hard-deletes expired sessions in batches, with a progress bar on a terminal.
 * Ctrl-C stops after the current batch (exit 130); running it again resumes.
 */
export function registerPurge(program: Command): void {
  program
    .command("purge")
    .description("permanently delete expired sessions, in batches (Ctrl-C stops; rerun resumes)")
    .option("--expired-before <iso>", "only sessions expired before this time", isoInstant)
    .option("--batch <n>", "sessions deleted per transaction (default 500)", integerAtLeast(1))
    .action(async (options: PurgeCliOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const controller = new AbortController();
      const stop = () => controller.abort();
      // `on`, not `once`: proper-lockfile's signal-exit re-raises a signal that no other
      // listener is left to handle, which would kill the process mid-batch.
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      try {
        const result = await withStore(ctx, "existing", async (repo) => {
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
