import { CliError } from "@sessionkit/core/cli";
import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { addScopeOptions, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { describeSessionKey } from "../output/format.js";
import { sessionRecord, withoutEvents } from "../output/session-view.js";
import { resolveSessionKey } from "../store/resolve-session-key.js";

/** `sessions show <id>`: one session (expired included) with merged state and metadata. */
export function registerSessionsShow(sessions: Command): void {
  const command = sessions
    .command("show")
    .description("show one session (expired ones too) with its state and metadata")
    .argument("<id>", "session id");
  addScopeOptions(command, KEY_HINTS);
  command.action(async (id: string, options: ScopeOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const session = await withStore(ctx, "read", async (repo) => {
      const key = await resolveSessionKey(repo, id, options);
      const found = await repo.getSession(key, { recentEvents: 0, includeExpired: true });
      if (found === null) throw sessionNotFound(describeSessionKey(key));
      return found;
    });
    if (ctx.json) ctx.printJson(withoutEvents(session));
    else ctx.print(sessionRecord(session, ctx.colors));
  });
}

/** Help texts of --app/--user on commands that address one session by id. */
export const KEY_HINTS = {
  app: "the session's app (needed only when the id is not unique)",
  user: "the session's user (needed only when the id is not unique)",
};

/** NOT_FOUND for a session key that names nothing. */
export function sessionNotFound(described: string): CliError {
  return new CliError(
    "NOT_FOUND",
    `no session ${described}`,
    "check the id, --app and --user with `sessionkit sessions list`",
  );
}
