import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CliError } from "@sessionkit/core/cli";
import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { withStore } from "../cli/with-store.js";
import { formatBytes } from "../output/format.js";
import { startProgress } from "../output/progress.js";
import { pathSize } from "../store/path-size.js";

const POLL_MS = 200;

/**
 * `backup <destination>`: an online, consistent copy of the store. On a terminal a bar tracks
 * the bytes written against the store's size. An existing destination is never overwritten.
 */
export function registerBackup(program: Command): void {
  program
    .command("backup")
    .description("write an online, consistent copy of the store to <destination> (must not exist)")
    .argument("<destination>", "path of the copy (a file for SQL stores, a directory for json:)")
    .action(async (destination: string, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const target = resolve(destination);
      if (existsSync(target)) {
        throw new CliError(
          "ALREADY_EXISTS",
          `backup destination ${target} already exists`,
          "choose a new path, or move the old copy away first",
        );
      }
      const result = await withStore(ctx, "read", async (repo) => {
        const total = ctx.showProgress ? (await repo.stats()).bytesOnDisk : 0;
        const progress = startProgress(ctx.showProgress, "Backing up", total, "", formatBytes);
        const timer = ctx.showProgress
          ? setInterval(() => {
              void pathSize(target).then((bytes) => progress.update(bytes));
            }, POLL_MS)
          : undefined;
        try {
          const done = await repo.backup(target);
          progress.finish(done.bytes);
          return done;
        } finally {
          clearInterval(timer);
          progress.stop();
        }
      });
      if (ctx.json) ctx.printJson(result);
      else ctx.print(`Backed up ${formatBytes(result.bytes)} to ${result.destination}.`);
    });
}
