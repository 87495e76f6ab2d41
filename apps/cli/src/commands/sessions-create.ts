import type { JsonObject } from "@sessionkit/core";
import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { jsonObject } from "../cli/parsers.js";
import {
  addScopeOptions,
  requireApp,
  requireUser,
  type ScopeOptions,
} from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { withoutEvents } from "../output/session-view.js";

interface CreateOptions extends ScopeOptions {
  id?: string;
  state?: JsonObject;
  metadata?: JsonObject;
}

/**
 * `sessions create`: creates a session and prints its id (the whole session with --json).
 * The only command that may create a new store.
 */
export function registerSessionsCreate(sessions: Command): void {
  const command = sessions
    .command("create")
    .description("create a session and print its id (creates the store when it does not exist)")
    .option("--id <sessionId>", "the session id (default: generated)")
    .option("--state <json>", "initial state as a JSON object", jsonObject)
    .option("--metadata <json>", "metadata as a JSON object", jsonObject);
  addScopeOptions(command, { app: "app name", user: "user id" });
  command.action(async (options: CreateOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const appName = requireApp(options);
    const userId = requireUser(options);
    const session = await withStore(ctx, "create", (repo) =>
      repo.createSession(
        { appName, userId, ...(options.id !== undefined ? { sessionId: options.id } : {}) },
        {
          ...(options.state ? { state: options.state } : {}),
          ...(options.metadata ? { metadata: options.metadata } : {}),
        },
      ),
    );
    if (ctx.json) ctx.printJson(withoutEvents(session));
    else ctx.print(session.id);
  });
}
