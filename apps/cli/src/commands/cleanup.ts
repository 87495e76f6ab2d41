import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { positiveHours } from "../cli/parsers.js";
import { addScopeOptions, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";

interface CleanupOptions extends ScopeOptions {
  maxAgeHours: number;
}

/**
 * `cleanup --max-age-hours N`: expires every active session not updated for N hours and prints
 * how many. Idempotent and quiet, so it is safe to run from cron.
 */
export function registerCleanup(program: Command): void {
  const command = program
    .command("cleanup")
    .description("expire sessions idle for longer than --max-age-hours (safe to run from cron)")
    .requiredOption(
      "--max-age-hours <hours>",
      "idle time after which a session expires",
      positiveHours,
    );
  addScopeOptions(command, { app: "only this app (default: every app)" });
  command.action(async (options: CleanupOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const idleSince = Date.now() - Math.round(options.maxAgeHours * 3_600_000);
    const appName = options.app === "" ? undefined : options.app;
    const expired = await withStore(ctx, "existing", (repo) =>
      repo.expireIdleSessions({ idleSince, ...(appName !== undefined ? { appName } : {}) }),
    );
    if (ctx.json) {
      ctx.printJson({ expired, idleSince, appName: appName ?? null });
      return;
    }
    const scope = appName === undefined ? "" : ` in app "${appName}"`;
    ctx.print(
      `Expired ${expired} ${expired === 1 ? "session" : "sessions"}${scope} idle since ${new Date(idleSince).toISOString()}.`,
    );
  });
}
