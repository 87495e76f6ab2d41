import type { ErrorCode } from "@sessionkit/core";
import { type CliErrorCode, type ExitCode, exitCodeFor } from "./exit-codes.js";

/** A failure detected by the CLI itself: what went wrong, what to do, and its code. */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly code: ErrorCode | CliErrorCode;
  readonly remedy: string;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode | CliErrorCode, problem: string, remedy: string) {
    super(problem);
    this.code = code;
    this.remedy = remedy;
    this.exitCode = exitCodeFor(code);
  }
}

/** A bad command line: exit code 2. */
export function usageError(problem: string, remedy: string): CliError {
  return new CliError("USAGE", problem, remedy);
}
