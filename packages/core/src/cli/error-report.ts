import { isSessionKitError, type SessionKitError } from "../errors/session-kit-error.js";
import { CliError } from "./cli-error.js";
import type { ReportCode } from "./cli-error-code.js";
import { exitCodeFor } from "./exit-code-for.js";
import type { ExitCode } from "./exit-codes.js";

/**
 * A failure as both CLIs report it. With `--json` it is written as one line
 * `{"error": ErrorReport}` on stderr; without, `message` is the one line after `error:`.
 */
export interface ErrorReport {
  /** A sessionkit error code or a CLI error code, e.g. `NOT_FOUND`, `USAGE`, `REFUSED`. */
  code: ReportCode;
  /** What went wrong, the code in parentheses, and what to do: `problem (CODE); remedy`, one line. */
  message: string;
  /** What to do (also the end of `message`). */
  remedy: string;
  /** The process exit code (see docs/exit-codes.md). */
  exitCode: ExitCode;
  /** Structured data about the failure, when the command has some (a safety gate's checks). */
  details?: unknown;
}

const INTERNAL_REMEDY = "rerun with --debug for details and report it if it persists";

/** Joins lines into one: a report is always one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * A SessionKitError's message without its ` (CODE); remedy` ending: for a CLI error that wraps it
 * with another code or remedy.
 */
export function problemText(error: SessionKitError): string {
  const ending = ` (${error.code}); ${error.remedy}`;
  return error.message.endsWith(ending) ? error.message.slice(0, -ending.length) : error.message;
}

/** A report from its parts: the message is `problem (CODE); remedy`. */
export function errorReport(
  code: ReportCode,
  problem: string,
  remedy: string,
  details?: unknown,
): ErrorReport {
  const report: ErrorReport = {
    code,
    message: oneLine(`${problem} (${code}); ${remedy}`),
    remedy,
    exitCode: exitCodeFor(code),
  };
  if (details !== undefined) report.details = details;
  return report;
}

/**
 * Turns any thrown value into a report: a {@link CliError} or a SessionKitError keeps its code
 * and remedy (a SessionKitError's message already ends with them); anything else is `INTERNAL`.
 */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    return errorReport(error.code, error.message, error.remedy, error.details);
  }
  if (isSessionKitError(error)) {
    return {
      code: error.code,
      message: oneLine(error.message),
      remedy: error.remedy,
      exitCode: exitCodeFor(error.code),
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  return errorReport("INTERNAL", `unexpected failure: ${text}`, INTERNAL_REMEDY);
}
