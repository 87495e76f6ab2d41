import { type Command, Option } from "commander";
import { contextOf } from "../cli/context.js";
import { integerAtLeast } from "../cli/parsers.js";
import { addScopeOptions, requireApp, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { sessionsTable } from "../output/session-view.js";

interface ListOptions extends ScopeOptions {
  status: "active" | "expired" | "all";
  limit: number;
  cursor?: string;
}

/** `sessions list`: one page of an app's sessions, most recently updated first. */
export function registerSessionsList(sessions: Command): void {
  const command = sessions
    .command("list")
    .description("list an app's sessions, most recently updated first")
    .addOption(
      new Option("--status <status>", "which sessions")
        .choices(["active", "expired", "all"])
        .default("active"),
    )
    .option("--limit <n>", "sessions per page (1-1000)", integerAtLeast(1), 50)
    .option("--cursor <cursor>", "continue after the page that printed this cursor");
  addScopeOptions(command, { app: "app name (required)", user: "only this user's sessions" });
  command.action(async (options: ListOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const appName = requireApp(options);
    const page = await withStore(ctx, "existing", (repo) =>
      repo.listSessions({
        appName,
        status: options.status,
        limit: options.limit,
        ...(options.user !== undefined ? { userId: options.user } : {}),
        ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
      }),
    );
    if (ctx.json) {
      ctx.printJson(page);
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
  });
}
