import { inspect } from "node:util";
import { ErrorCode } from "@sessionkit/core";
import type { Colors } from "../output/colors.js";
import { CliError } from "./cli-error.js";
import { type CliErrorCode, exitCodeFor } from "./exit-codes.js";

/** The parts of a failure the CLI shows. */
export interface ErrorReport {
  code: ErrorCode | CliErrorCode;
  /** What went wrong and what to do, on one line. */
  message: string;
  remedy: string;
  exitCode: number;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Turns any thrown value into a report: sessionkit errors keep their code and remedy. */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    const message = `${error.message} (${error.code}); ${error.remedy}`;
    return { code: error.code, message, remedy: error.remedy, exitCode: error.exitCode };
  }
  if (isSessionKitErrorLike(error)) {
    return {
      code: error.code,
      message: error.message,
      remedy: error.remedy,
      exitCode: exitCodeFor(error.code),
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  const remedy = "rerun with --debug for details and report it if it persists";
  return {
    code: "INTERNAL",
    message: `unexpected failure: ${text} (INTERNAL); ${remedy}`,
    remedy,
    exitCode: exitCodeFor("INTERNAL"),
  };
}

/**
 * Writes the report to stderr (one line of text, or one JSON line with --json), plus the stack
 * and cause chain with --debug, and returns the exit code.
 */
export function reportError(
  error: unknown,
  options: { json: boolean; debug: boolean; colors: Colors },
): number {
  const report = describeError(error);
  const oneLine = report.message.replace(/\s*\n\s*/g, " ");
  if (options.json) {
    process.stderr.write(`${JSON.stringify({ error: { ...report, message: oneLine } })}\n`);
  } else {
    process.stderr.write(`${options.colors.red("error:")} ${oneLine}\n`);
  }
  if (options.debug) process.stderr.write(`${inspect(error, { depth: 6 })}\n`);
  return report.exitCode;
}

function isSessionKitErrorLike(
  error: unknown,
): error is Error & { code: ErrorCode; remedy: string } {
  return (
    error instanceof Error &&
    error.name === "SessionKitError" &&
    KNOWN_CODES.has((error as { code?: unknown }).code as string) &&
    typeof (error as { remedy?: unknown }).remedy === "string"
  );
}
