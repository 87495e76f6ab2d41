import { usageError } from "@sessionkit/core/cli";
import { type Command, Option } from "commander";

/** --app and --user, defaulting to SESSIONKIT_APP and SESSIONKIT_USER. */
export interface ScopeOptions {
  app?: string;
  user?: string;
}

/** Adds --app (and --user unless `userToo` is false) with their environment defaults. */
export function addScopeOptions(command: Command, what: { app: string; user?: string }): Command {
  command.addOption(new Option("--app <name>", what.app).env("SESSIONKIT_APP"));
  if (what.user !== undefined) {
    command.addOption(new Option("--user <id>", what.user).env("SESSIONKIT_USER"));
  }
  return command;
}

/** The app name, or a usage error saying how to give one. */
export function requireApp(options: ScopeOptions): string {
  if (options.app === undefined || options.app === "") {
    throw usageError("no app given", "pass --app <name> or set SESSIONKIT_APP");
  }
  return options.app;
}

/** The user id, or a usage error saying how to give one. */
export function requireUser(options: ScopeOptions): string {
  if (options.user === undefined || options.user === "") {
    throw usageError("no user given", "pass --user <id> or set SESSIONKIT_USER");
  }
  return options.user;
}
