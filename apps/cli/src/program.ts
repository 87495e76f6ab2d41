import { Command, Option, type OutputConfiguration } from "commander";
import { cliVersion } from "./cli/version.js";
import { registerBackup } from "./commands/backup.js";
import { registerCheck } from "./commands/check.js";
import { registerCleanup } from "./commands/cleanup.js";
import { registerHistory } from "./commands/history.js";
import { registerMaintain } from "./commands/maintain.js";
import { registerPurge } from "./commands/purge.js";
import { registerSearch } from "./commands/search.js";
import { registerSessions } from "./commands/sessions.js";
import { registerStats } from "./commands/stats.js";

const EXIT_CODES_HELP = `
Store URLs: sqlite:<file>, file:<file>, libsql://<host>, http(s)://<host>, ws(s)://<host>,
            json:<directory>, memory: (nothing persists)
Exit codes: 0 ok, 1 operation failed, 2 usage error, 3 store or session not found,
            4 integrity problems (check) or corrupt store, 5 damaged files left out (listed
            on stderr), 130 interrupted (rerun to resume)`;

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
    .version(cliVersion(), "-V, --version")
    .addOption(new Option("--db <url>", "store URL").env("SESSIONKIT_URL"))
    .option("--json", "machine-readable JSON on stdout (errors as JSON on stderr)")
    .option("--no-color", "never colour the output (colours are used only on a terminal)")
    .option("--debug", "print stack traces and error causes")
    .addHelpText("after", EXIT_CODES_HELP)
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
  return program;
}
