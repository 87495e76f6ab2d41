import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { skippedFiles } from "../cli/skipped-files.js";
import { withStore } from "../cli/with-store.js";
import { formatBytes } from "../output/format.js";
import { renderRecord } from "../output/table.js";

/** `stats`: counts, size on disk and schema version of the store. */
export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("show counts of sessions, events and state keys, size on disk and schema version")
    .action(async (_options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const skipped = skippedFiles();
      const stats = await withStore(ctx, "read", (repo) =>
        repo.stats({ onCorrupt: skipped.onCorrupt }),
      );
      if (ctx.json) {
        ctx.printJson(stats);
        skipped.report(ctx);
        return;
      }
      const rows: Array<[string, string | number]> = [
        ["sessions", stats.sessions],
        ["active sessions", stats.activeSessions],
        ["expired sessions", stats.sessions - stats.activeSessions],
        ["events", stats.events],
        ["state keys", stats.stateKeys],
        ["bytes on disk", formatBytes(stats.bytesOnDisk)],
        ["schema version", stats.schemaVersion],
      ];
      for (const [name, value] of Object.entries(stats.details)) {
        const words = name.replace(/([A-Z])/g, " $1").toLowerCase();
        rows.push([words, /bytes$/i.test(name) ? formatBytes(value) : value]);
      }
      ctx.print(renderRecord(rows, ctx.colors));
      skipped.report(ctx);
    });
}
