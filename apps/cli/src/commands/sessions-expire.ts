import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { addScopeOptions, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { describeSessionKey } from "../output/format.js";
import { resolveSessionKey } from "../store/resolve-session-key.js";
import { KEY_HINTS } from "./sessions-show.js";

/** `sessions expire <id>`: soft-deletes a session; already expired is not an error. */
export function registerSessionsExpire(sessions: Command): void {
  const command = sessions
    .command("expire")
    .description("expire a session (soft delete: kept until `purge`)")
    .argument("<id>", "session id");
  addScopeOptions(command, KEY_HINTS);
  command.action(async (id: string, options: ScopeOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const result = await withStore(ctx, "write", async (repo) => {
      const key = await resolveSessionKey(repo, id, options);
      return { expired: await repo.expireSession(key), key };
    });
    if (ctx.json) ctx.printJson(result);
    else if (result.expired) ctx.print(`Expired session ${describeSessionKey(result.key)}.`);
    else ctx.print(`Session ${describeSessionKey(result.key)} was already expired.`);
  });
}
