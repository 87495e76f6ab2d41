import { ExitCode, reportError, usageErrorOutput } from "@sessionkit/core/cli";
import { CommanderError } from "commander";
import { colorsFor } from "./output/colors.js";
import { buildProgram } from "./program.js";

/**
 * Runs the CLI on `argv` (process.argv layout) and resolves to the exit code. Never throws:
 * every failure is reported on stderr as one line (or one JSON line with --json), plus its stack
 * and cause chain with --debug.
 */
export async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const debug = argv.includes("--debug");
  const colors = colorsFor(process.stderr, !json && !argv.includes("--no-color"));
  const errors = { json, debug, red: colors.red };
  const program = buildProgram({ outputError: usageErrorOutput(errors) });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    return reportError(error, errors);
  }
}
