import { exitCodesHelp, readPackageVersion } from "@sessionkit/core/cli";
import { Command, Option, type OutputConfiguration } from "commander";
import { registerBackup } from "./commands/backup.js";
import { registerCheck } from "./commands/check.js";
import { registerCleanup } from "./commands/cleanup.js";
import { registerHistory } from "./commands/history.js";
import { registerMaintain } from "./commands/maintain.js";
import { registerPurge } from "./commands/purge.js";
import { registerSearch } from "./commands/search.js";
import { registerSessions } from "./commands/sessions.js";
import { registerStats } from "./commands/stats.js";
import { registerStudio } from "./commands/studio.js";

const STORE_URLS_HELP = `
Store URLs: sqlite:<file>, file:<file>, libsql://<host>, http(s)://<host>, ws(s)://<host>,
            postgres://<user>@<host>/<database>[?schema=<name>] (password from the URL or
            PGPASSWORD), json:<directory>, memory: (nothing persists)
${exitCodesHelp()}`;

/** The version in apps/cli/package.json (next to dist/ at run time). */
const VERSION = readPackageVersion(new URL("../package.json", import.meta.url));

/**
 * The `sessionkit` command tree. Global options are accepted before or after the command.
 * Parse errors throw a CommanderError (exitOverride) after `output` has printed them.
 */
export function buildProgram(output: OutputConfiguration): Command {
  const program = new Command()
    .exitOverride()
    .configureOutput(output)
    .name("sessionkit")
    .description("Operations CLI for sessionkit session stores.")
    .version(VERSION, "-V, --version")
    .addOption(new Option("--db <url>", "store URL").env("SESSIONKIT_URL"))
    .option("--json", "machine-readable JSON on stdout (errors as one JSON line on stderr)")
    .option("--no-color", "never colour the output (colours are used only on a terminal)")
    .option("--debug", "print the stack and the cause chain of an error")
    .addHelpText("after", STORE_URLS_HELP)
    .showSuggestionAfterError(true);
  registerSessions(program);
  registerHistory(program);
  registerCleanup(program);
  registerPurge(program);
  registerSearch(program);
  registerStats(program);
  registerMaintain(program);
  registerBackup(program);
  registerCheck(program);
  registerStudio(program);
  return program;
}
