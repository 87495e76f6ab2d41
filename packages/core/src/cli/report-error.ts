import { inspect } from "node:util";
import type { ErrorReport } from "./error-report.js";
import { describeError, errorReport, oneLine } from "./error-report.js";
import type { ExitCode } from "./exit-codes.js";

/** How a CLI writes its errors: the same in `sessionkit` and `sessionkit-migrate`. */
export interface ErrorOutputOptions {
  /** `--json`: one JSON line `{"error": {…}}` instead of the `error: …` line. */
  json: boolean;
  /** `--debug`: also print the error's stack and `cause` chain. */
  debug: boolean;
  /** Colours the `error:` label (e.g. picocolors' `red`); plain when omitted. */
  red?: (text: string) => string;
  /** Where errors go: stderr (the default) in both CLIs; stdout carries only results. */
  stream?: { write(text: string): unknown };
}

/**
 * Writes a report on stderr: `error: <message>`, or with `json` one line
 * `{"error":{"code","message","remedy","exitCode"}}` (plus `details` when there are some).
 */
export function writeErrorReport(report: ErrorReport, options: ErrorOutputOptions): void {
  const stream = options.stream ?? process.stderr;
  if (options.json) {
    stream.write(`${JSON.stringify({ error: report })}\n`);
  } else {
    const label = options.red ? options.red("error:") : "error:";
    stream.write(`${label} ${report.message}\n`);
  }
}

/**
 * Reports any thrown value (see {@link describeError}) on stderr, adds its stack and cause chain
 * with `debug`, and returns the exit code to end with.
 */
export function reportError(error: unknown, options: ErrorOutputOptions): ExitCode {
  const report = describeError(error);
  writeErrorReport(report, options);
  if (options.debug) {
    (options.stream ?? process.stderr).write(`${inspect(error, { depth: 6 })}\n`);
  }
  return report.exitCode;
}

/**
 * Commander's `outputError` for both CLIs: a parse error (unknown command or option, bad value,
 * missing argument) reported as a `USAGE` error (exit 2) in the same form as every other error.
 */
export function usageErrorOutput(
  options: ErrorOutputOptions,
): (text: string, write: (text: string) => void) => void {
  return (text, write) => {
    const problem = oneLine(text.replace(/^error:\s*/i, ""));
    const report = errorReport("USAGE", problem, "run with --help for usage");
    writeErrorReport(report, { ...options, stream: options.stream ?? { write } });
  };
}
