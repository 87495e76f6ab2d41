import { ExitCode, type ExitCodeName } from "./exit-codes.js";

/** A few words per exit code, for `--help`. */
const SHORT: Record<ExitCodeName, string> = {
  OK: "ok",
  FAILED: "failed",
  USAGE: "usage error",
  NOT_FOUND: "store or session not found",
  INTEGRITY: "integrity problems (a damaged file)",
  PARTIAL: "damaged files left out",
  MISMATCH: "verify found differences",
  LOCKED: "a lock is held by another process",
  REFUSED: "refused by a safety gate",
  INTERRUPTED: "interrupted (run again to resume)",
};

const LABEL = "Exit codes: ";
const WIDTH = 96;

/**
 * The exit-code lines both CLIs append to `--help`, made from the one table and wrapped to
 * `width` columns.
 */
export function exitCodesHelp(width = WIDTH): string {
  const names = Object.keys(ExitCode) as ExitCodeName[];
  const pieces = names.map(
    (name, i) => `${ExitCode[name]} ${SHORT[name]}${i < names.length - 1 ? " ·" : ""}`,
  );
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line && LABEL.length + line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else line = line ? `${line} ${piece}` : piece;
  }
  lines.push(line, "the same in sessionkit and sessionkit-migrate (docs/exit-codes.md)");
  const indent = " ".repeat(LABEL.length);
  return lines.map((text, i) => `${i === 0 ? LABEL : indent}${text}`).join("\n");
}
