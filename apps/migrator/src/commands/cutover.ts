import { refusedError, usageError } from "@sessionkit/core/cli";
import {
  countDrift,
  nextPhase,
  type Phase,
  readBackfillCheckpoint,
  withPhase,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { verifyWithProgress } from "../engine-progress.js";

export interface CutoverOptions {
  to?: string;
  legacyBackup?: boolean;
  skipVerify?: boolean;
}

/**
 * Moves the migration one phase forward: foundation → dual-write, dual-write → target-primary
 * (gated: backfill done, drift journal empty, verify clean). target-primary → target-only is
 * `finalize`.
 */
export async function cutoverCommand(ctx: CommandContext, options: CutoverOptions): Promise<void> {
  await ctx.lock();
  const target = await ctx.target();
  const record = await ctx.record();
  const to = nextPhase(record.phase);
  if (options.to !== undefined && options.to !== to) {
    throw usageError(
      `cutover goes one phase forward: from ${record.phase} that is ${to ?? "nothing"}, not ${options.to}`,
      to ? `pass --to ${to}, or leave --to out` : "leave --to out",
    );
  }
  if (to === null || to === "target-only") {
    throw refusedError(
      `cutover does not leave ${record.phase}`,
      to === "target-only"
        ? "run `sessionkit-migrate finalize` to retire the legacy store"
        : "the migration is complete",
    );
  }
  const checks: Record<string, unknown> = {};
  if (to === "target-primary") {
    const cp = await readBackfillCheckpoint(target);
    checks.backfillDone = Boolean(cp?.done);
    if (!cp?.done)
      throw refusedError(
        "the backfill has not completed",
        "run `sessionkit-migrate backfill`",
        checks,
      );
    const drift = await countDrift(target, "target", 1000);
    checks.driftPending = drift;
    if (drift > 0)
      throw refusedError(
        `the drift journal holds ${drift} unrepaired entries`,
        "run `sessionkit-migrate repair`",
        checks,
      );
    if (!options.skipVerify) {
      const { source } = await ctx.legacySource(record);
      ctx.out.note("cutover: verifying legacy and target…");
      const report = await verifyWithProgress(ctx, "cutover: verify", {
        legacy: source,
        target,
        targetName: ctx.targetName(),
      });
      checks.verify = {
        ok: report.ok,
        mismatched: report.totals.mismatched,
        scopeMismatches: report.scopeMismatches.length,
      };
      if (!report.ok) {
        throw refusedError(
          `verify found ${report.totals.mismatched} mismatched sessions and ${report.scopeMismatches.length} mismatched scopes`,
          "run `sessionkit-migrate repair`, then cutover again",
          checks,
        );
      }
    }
  }
  let next = withPhase(record, to as Phase, "cutover");
  if (to === "target-primary") {
    const backup = options.legacyBackup !== false;
    next = { ...next, legacyBackupWrites: backup, legacyComplete: true };
  }
  if (!ctx.dryRun) await writeMigrationRecord(target, next);
  ctx.out.result({ dryRun: ctx.dryRun, from: record.phase, to, checks, record: next }, () =>
    [
      `${ctx.dryRun ? "[dry run] would move" : "moved"} ${record.phase} → ${to}`,
      `running phased repositories switch within ${Math.ceil(ctx.refreshMs / 1000)}s (their refresh interval)`,
      to === "dual-write"
        ? "next: `sessionkit-migrate backfill` (it waits until every process writes both stores)"
        : `legacy backup writes ${next.legacyBackupWrites ? "on (rollback stays possible)" : "off (rollback needs export)"}; next: \`sessionkit-migrate finalize\` once you are confident`,
    ].join("\n"),
  );
}
