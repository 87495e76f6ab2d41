import { usageError } from "@sessionkit/core/cli";
import { type Command, Option } from "commander";
import { type CliContext, contextOf } from "../cli/context.js";
import { integerAtLeast } from "../cli/parsers.js";
import { addScopeOptions, type ScopeOptions } from "../cli/scope-options.js";
import { skippedFiles } from "../cli/skipped-files.js";
import { withStore } from "../cli/with-store.js";
import { appsTable, sessionsTable } from "../output/session-view.js";
import { listApps } from "../store/store-owners.js";

interface ListOptions extends ScopeOptions {
  status: "active" | "expired" | "all";
  limit: number;
  cursor?: string;
}

/**
 * `sessions list`: one page of an app's sessions, most recently updated first. Without an app
 * (no --app, no SESSIONKIT_APP) it lists the store's apps, so their names can be found.
 */
export function registerSessionsList(sessions: Command): void {
  const command = sessions
    .command("list")
    .description("list an app's sessions, most recently updated first (no --app: list the apps)")
    .addOption(
      new Option("--status <status>", "which sessions")
        .choices(["active", "expired", "all"])
        .default("active"),
    )
    .option("--limit <n>", "sessions per page (1-1000)", integerAtLeast(1), 50)
    .option("--cursor <cursor>", "continue after the page that printed this cursor");
  addScopeOptions(command, {
    app: "app name (without it, the store's apps are listed)",
    user: "only this user's sessions (needs --app)",
  });
  command.action(async (options: ListOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    if (options.app === undefined || options.app === "") {
      await printApps(ctx, options);
      return;
    }
    const appName = options.app;
    const skipped = skippedFiles();
    const page = await withStore(ctx, "read", (repo) =>
      repo.listSessions({
        appName,
        onCorrupt: skipped.onCorrupt,
        status: options.status,
        limit: options.limit,
        ...(options.user !== undefined ? { userId: options.user } : {}),
        ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
      }),
    );
    if (ctx.json) {
      ctx.printJson(page);
      skipped.report(ctx);
      return;
    }
    if (page.sessions.length === 0)
      ctx.print(
        `No ${options.status === "all" ? "" : `${options.status} `}sessions in app "${appName}"${options.user === undefined ? "" : ` for user "${options.user}"`}.`,
      );
    else ctx.print(sessionsTable(page.sessions, ctx.colors));
    if (page.nextCursor !== null) {
      ctx.note(`More sessions: add --cursor ${page.nextCursor}`);
    }
    skipped.report(ctx);
  });
}

/** `sessions list` without an app: the apps of the store with their session and user counts. */
async function printApps(ctx: CliContext, options: ListOptions): Promise<void> {
  if (options.user !== undefined && options.user !== "") {
    throw usageError("--user needs --app", "pass --app <name> (run without both to list the apps)");
  }
  const apps = await withStore(ctx, "read", (repo) => listApps(repo));
  if (ctx.json) {
    ctx.printJson({ apps });
    return;
  }
  if (apps.length === 0) {
    ctx.print("No sessions in this store yet.");
    return;
  }
  ctx.print(appsTable(apps, ctx.colors));
  ctx.note("List an app's sessions with --app <name> (or set SESSIONKIT_APP).");
}
