import { CliError, refusedError } from "@sessionkit/core/cli";
import { formatVerifyReport, type RepairResult, repair } from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";

export interface RepairCommandOptions {
  localJournal?: string[];
}

/**
 * Drains the drift journal and re-copies every mismatched session and scope from the side that
 * holds the truth in the current phase (legacy up to dual-write, target from target-primary).
 */
export async function repairCommand(
  ctx: CommandContext,
  options: RepairCommandOptions,
): Promise<RepairResult> {
  await ctx.lock();
  const record = await ctx.record();
  if (record.phase === "target-only") {
    throw refusedError(
      "the legacy store is retired (target-only); there is nothing to repair",
      "use `sessionkit-migrate rollback --export` to bring it back",
    );
  }
  const truth = record.phase === "target-primary" ? "target" : "legacy";
  const { source, repository } = await ctx.legacySource(record);
  const target = await ctx.target();
  ctx.out.note(`repair: copying from ${truth} (phase ${record.phase})`);
  const result = await repair({
    legacy: source,
    legacyRepository: repository ?? undefined,
    target,
    targetName: ctx.targetName(),
    truth,
    localJournals: options.localJournal,
    dryRun: ctx.dryRun,
    onProgress: (m) => ctx.out.note(`repair: ${m}`),
  });
  ctx.out.result(result, () =>
    [
      result.dryRun
        ? `[dry run] repair from ${truth}: journal ${result.journalEntries} entries (+${result.localJournalEntries} local); would copy ${result.sessionsCopied} sessions, delete ${result.sessionsDeleted}, copy ${result.scopesCopied} scopes and ${result.metaCopied} meta entries`
        : `repair from ${truth}: journal ${result.journalEntries} entries (+${result.localJournalEntries} local), ${result.sessionsCopied} sessions copied, ${result.sessionsDeleted} deleted, ${result.scopesCopied} scopes, ${result.metaCopied} meta entries, ${result.rounds} verify rounds`,
      formatVerifyReport(result.report),
    ].join("\n"),
  );
  if (!result.report.ok && !ctx.dryRun) {
    throw new CliError(
      "MISMATCH",
      "repair could not make verify clean",
      "check the listed sessions (a source that cannot be read or written), then run repair again",
    );
  }
  return result;
}
