import { ExitCode } from "@sessionkit/core/cli";
import type { Command } from "commander";
import { assertCanConfirm, confirm, type DestructiveOptions } from "../cli/confirm.js";
import { contextOf } from "../cli/context.js";
import { positiveHours } from "../cli/parsers.js";
import { addScopeOptions, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { ownersTable, sessionCount } from "../output/owner-view.js";
import { countCandidates, totalSessions } from "../store/count-candidates.js";
import type { OwnerCount } from "../store/store-owners.js";

interface CleanupOptions extends ScopeOptions, DestructiveOptions {
  maxAgeHours: number;
}

type CleanupOutcome =
  | { kind: "expired"; expired: number }
  | { kind: "dry-run"; owners: OwnerCount[] }
  | { kind: "cancelled" };

/**
 * `cleanup --max-age-hours N`: expires every active session not updated for N hours and prints
 * how many. `--dry-run` shows the count per app and user and changes nothing. On a terminal it
 * asks first; elsewhere (cron, scripts) it needs `--yes`.
 */
export function registerCleanup(program: Command): void {
  const command = program
    .command("cleanup")
    .description("expire sessions idle for longer than --max-age-hours (cron: add --yes)")
    .requiredOption(
      "--max-age-hours <hours>",
      "idle time after which a session expires",
      positiveHours,
    )
    .option("--dry-run", "only show how many sessions would expire, per app and user")
    .option("--yes", "expire without asking (required when stdin is not a terminal)");
  addScopeOptions(command, { app: "only this app (default: every app)" });
  command.action(async (options: CleanupOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const idleSince = Date.now() - Math.round(options.maxAgeHours * 3_600_000);
    const appName = options.app === "" ? undefined : options.app;
    const since = new Date(idleSince).toISOString();
    const scope = appName === undefined ? "" : ` in app "${appName}"`;
    const outcome = await withStore(
      ctx,
      options.dryRun ? "read" : "write",
      async (repo): Promise<CleanupOutcome> => {
        assertCanConfirm("cleanup", options);
        const expire = { idleSince, ...(appName !== undefined ? { appName } : {}) };
        if (options.yes && !options.dryRun) {
          return { kind: "expired", expired: await repo.expireIdleSessions(expire) };
        }
        const owners = await countCandidates(repo, {
          status: "active",
          updatedBefore: idleSince,
          ...(appName !== undefined ? { appName } : {}),
        });
        if (options.dryRun) return { kind: "dry-run", owners };
        const total = totalSessions(owners);
        if (
          total > 0 &&
          !(await confirm(
            ctx,
            options,
            ownersTable(owners, ctx.errColors),
            `Expire ${sessionCount(total)}${scope} idle since ${since}?`,
          ))
        ) {
          return { kind: "cancelled" };
        }
        return { kind: "expired", expired: await repo.expireIdleSessions(expire) };
      },
    );
    if (outcome.kind === "cancelled") {
      if (ctx.json) ctx.printJson({ cancelled: true, expired: 0 });
      else ctx.print("Cancelled; no session was expired.");
      process.exitCode = ExitCode.FAILED;
      return;
    }
    if (outcome.kind === "dry-run") {
      const total = totalSessions(outcome.owners);
      if (ctx.json) {
        ctx.printJson({
          dryRun: true,
          wouldExpire: total,
          idleSince,
          appName: appName ?? null,
          owners: outcome.owners,
        });
        return;
      }
      ctx.print(`Would expire ${sessionCount(total)}${scope} idle since ${since} (dry run).`);
      if (total > 0) ctx.print(ownersTable(outcome.owners, ctx.colors));
      return;
    }
    if (ctx.json) {
      ctx.printJson({ expired: outcome.expired, idleSince, appName: appName ?? null });
      return;
    }
    ctx.print(`Expired ${sessionCount(outcome.expired)}${scope} idle since ${since}.`);
  });
}
