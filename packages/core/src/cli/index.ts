/**
 * `@sessionkit/core/cli`: what the two command-line tools (`sessionkit`, `sessionkit-migrate`)
 * share — the one exit-code table, the mapping of error codes to exit codes, the CLI error
 * class, and how an error is reported (stderr; one JSON line with `--json`; the stack and cause
 * chain with `--debug`).
 * @packageDocumentation
 */

export { CliError, notFoundError, refusedError, usageError } from "./cli-error.js";
export { CliErrorCode, type ReportCode } from "./cli-error-code.js";
export {
  describeError,
  type ErrorReport,
  errorReport,
  oneLine,
  problemText,
} from "./error-report.js";
export { exitCodeFor } from "./exit-code-for.js";
export { ExitCode, type ExitCodeName } from "./exit-codes.js";
export { exitCodesHelp } from "./exit-codes-help.js";
export { readPackageVersion } from "./package-version.js";
export {
  type ErrorOutputOptions,
  reportError,
  usageErrorOutput,
  writeErrorReport,
} from "./report-error.js";
