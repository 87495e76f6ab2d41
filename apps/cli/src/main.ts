import { CommanderError } from "commander";
import { ExitCode } from "./cli/exit-codes.js";
import { reportError } from "./cli/report-error.js";
import { colorsFor } from "./output/colors.js";
import { buildProgram } from "./program.js";

/**
 * Runs the CLI on `argv` (process.argv layout) and resolves to the exit code. Never throws:
 * every failure is reported on stderr as one line (or one JSON line with --json).
 */
export async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const debug = argv.includes("--debug");
  const colors = colorsFor(process.stderr, !json && !argv.includes("--no-color"));
  const program = buildProgram({
    outputError: (text, write) => {
      const problem = text
        .replace(/^error:\s*/i, "")
        .replace(/\s*\n\s*/g, " ")
        .trim();
      const remedy = "run with --help for usage";
      if (json)
        write(
          `${JSON.stringify({ error: { code: "USAGE", message: `${problem} (USAGE); ${remedy}`, remedy, exitCode: ExitCode.USAGE } })}\n`,
        );
      else write(`${colors.red("error:")} ${problem} (USAGE); ${remedy}\n`);
    },
  });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    return reportError(error, { json, debug, colors });
  }
}
