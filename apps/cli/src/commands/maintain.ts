import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { withStore } from "../cli/with-store.js";
import { formatBytes } from "../output/format.js";

interface MaintainCliOptions {
  checkpoint?: boolean;
  vacuum?: boolean;
  analyze?: boolean;
}

/**
 * `maintain`: WAL checkpoint, VACUUM and ANALYZE: only those asked for, or with no flag
 * whatever the adapter does by default (all of them on SQL stores; tidying temp and stale lock
 * files on JSON stores). Prints what was done and the size before and after.
 */
export function registerMaintain(program: Command): void {
  program
    .command("maintain")
    .description(
      "run store maintenance: WAL checkpoint, vacuum, analyze (no flag: all the store offers)",
    )
    .option("--checkpoint", "fold the write-ahead log into the database file")
    .option("--vacuum", "rebuild the database file to reclaim free space")
    .option("--analyze", "refresh the query planner's statistics")
    .action(async (options: MaintainCliOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const any = options.checkpoint || options.vacuum || options.analyze;
      // Adapters run every step not explicitly turned off, so name all three when any is chosen.
      const chosen = any
        ? {
            checkpoint: options.checkpoint === true,
            vacuum: options.vacuum === true,
            analyze: options.analyze === true,
          }
        : {};
      const result = await withStore(ctx, "write", (repo) => repo.maintain(chosen));
      if (ctx.json) {
        ctx.printJson(result);
        return;
      }
      const done = result.performed.length === 0 ? "nothing to do" : result.performed.join(", ");
      ctx.print(
        `Maintenance: ${done}. Size ${formatBytes(result.bytesBefore)} → ${formatBytes(result.bytesAfter)}.`,
      );
    });
}
