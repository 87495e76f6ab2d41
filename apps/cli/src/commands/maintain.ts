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
 * `maintain`: WAL checkpoint, VACUUM and ANALYZE (whichever are asked for; with none, the
 * adapter's default set). Prints what was done and the size before and after.
 */
export function registerMaintain(program: Command): void {
  program
    .command("maintain")
    .description(
      "run store maintenance: WAL checkpoint, vacuum, analyze (none given: adapter default)",
    )
    .option("--checkpoint", "fold the write-ahead log into the database file")
    .option("--vacuum", "rebuild the database file to reclaim free space")
    .option("--analyze", "refresh the query planner's statistics")
    .action(async (options: MaintainCliOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const chosen = {
        ...(options.checkpoint ? { checkpoint: true } : {}),
        ...(options.vacuum ? { vacuum: true } : {}),
        ...(options.analyze ? { analyze: true } : {}),
      };
      const result = await withStore(ctx, "existing", (repo) => repo.maintain(chosen));
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
