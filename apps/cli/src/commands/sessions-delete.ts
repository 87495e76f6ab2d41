import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { addScopeOptions, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { describeSessionKey } from "../output/format.js";
import { resolveSessionKey } from "../store/resolve-session-key.js";
import { KEY_HINTS, sessionNotFound } from "./sessions-show.js";

/** `sessions delete <id>`: hard-deletes a session with its events; app and user state stay. */
export function registerSessionsDelete(sessions: Command): void {
  const command = sessions
    .command("delete")
    .description("delete a session with its events and session state (app and user state stay)")
    .argument("<id>", "session id");
  addScopeOptions(command, KEY_HINTS);
  command.action(async (id: string, options: ScopeOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const key = await withStore(ctx, "write", async (repo) => {
      const resolved = await resolveSessionKey(repo, id, options);
      if (!(await repo.deleteSession(resolved))) {
        throw sessionNotFound(describeSessionKey(resolved));
      }
      return resolved;
    });
    if (ctx.json) ctx.printJson({ deleted: true, key });
    else ctx.print(`Deleted session ${describeSessionKey(key)}.`);
  });
}
