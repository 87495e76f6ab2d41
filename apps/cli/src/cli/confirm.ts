import { createInterface } from "node:readline/promises";
import { usageError } from "@sessionkit/core/cli";
import type { CliContext } from "./context.js";

/** The flags every destructive command takes. */
export interface DestructiveOptions {
  /** Go ahead without asking (cron, scripts). */
  yes?: boolean;
  /** Only say what would be done. */
  dryRun?: boolean;
}

/**
 * Throws a usage error unless the command may ask for confirmation (stdin is a terminal) or was
 * told to go ahead (--yes). Call it before the command reads or changes anything.
 */
export function assertCanConfirm(command: string, options: DestructiveOptions): void {
  if (options.yes || options.dryRun || process.stdin.isTTY === true) return;
  throw usageError(
    `${command} changes the store and needs confirmation, but stdin is not a terminal`,
    `pass --yes to go ahead (cron, scripts), or --dry-run to see what ${command} would do`,
  );
}

/**
 * Shows `preview` and asks `question` on the terminal (both on stderr, the answer from stdin),
 * unless --yes was given. Resolves true only for "y" or "yes"; Ctrl-C or Ctrl-D mean no.
 */
export async function confirm(
  ctx: CliContext,
  options: DestructiveOptions,
  preview: string,
  question: string,
): Promise<boolean> {
  if (options.yes) return true;
  if (preview !== "") process.stderr.write(`${preview}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answered = new AbortController();
  const cancel = () => answered.abort();
  prompt.on("SIGINT", cancel).on("close", cancel);
  try {
    const answer = await prompt.question(`${ctx.errColors.bold(question)} [y/N] `, {
      signal: answered.signal,
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch (error) {
    if (!answered.signal.aborted) throw error;
    process.stderr.write("\n");
    return false;
  } finally {
    prompt.off("close", cancel);
    prompt.close();
  }
}
