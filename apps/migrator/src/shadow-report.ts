import { usageError } from "@sessionkit/core/cli";
import { type ShadowMismatchList, shadowMismatchSubject } from "@sessionkit/migrate";

/** How many mismatches `status --mismatches` lists without `--limit`. */
export const DEFAULT_MISMATCH_LIMIT = 20;

/** One listed mismatch as `status --json --mismatches` prints it. */
export interface ListedMismatch {
  /** Its meta name in the target. */
  name: string;
  /** The mismatched read, e.g. "getSession". */
  operation: string;
  /** The session key, scope or listing the read was about. */
  subject: string;
  /** When the mismatch was recorded (ISO 8601). */
  at: string;
  /** First path at which legacy and target differ, `(root)` or `(error)`. */
  path: string;
  legacy: string;
  target: string;
  /** Set when the target read threw instead of returning. */
  targetError?: string;
}

/** Parses `--limit`: a positive integer, or the default. */
export function mismatchLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MISMATCH_LIMIT;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw usageError(
      `--limit must be a positive integer (got ${JSON.stringify(value)})`,
      `e.g. \`status --mismatches --limit ${DEFAULT_MISMATCH_LIMIT}\``,
    );
  return n;
}

/** The newest recorded mismatches, newest first, in their report form. */
export function listedMismatches(list: ShadowMismatchList): ListedMismatch[] {
  return list.newest.map((m) => ({
    name: m.name,
    operation: m.operation,
    subject: shadowMismatchSubject(m),
    at: new Date(m.at).toISOString(),
    path: m.path,
    legacy: m.legacyExcerpt,
    target: m.targetExcerpt,
    ...(m.targetError !== undefined ? { targetError: m.targetError } : {}),
  }));
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Text lines for the listed mismatches (two per mismatch), after the `shadow` line. */
export function mismatchLines(total: number, listed: ListedMismatch[]): string[] {
  if (listed.length === 0) return [];
  const lines = [`            newest ${listed.length} of ${total}:`];
  for (const m of listed) {
    lines.push(`  ${m.at}  ${m.operation} ${m.subject}  differs at ${m.path}`);
    lines.push(
      m.targetError !== undefined
        ? `      target failed: ${clip(m.targetError)}`
        : `      legacy ${clip(m.legacy)}  ≠  target ${clip(m.target)}`,
    );
  }
  return lines;
}
