import { CliError } from "@sessionkit/core/cli";
import { formatVerifyReport, type VerifyReport } from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { verifyWithProgress } from "../engine-progress.js";

export interface VerifyCommandOptions {
  scopes?: boolean;
  users?: string;
  maxListed?: string;
}

/** Compares legacy and target (counts per user, hash per session); exit 6 (MISMATCH) on any mismatch. */
export async function verifyCommand(
  ctx: CommandContext,
  options: VerifyCommandOptions,
): Promise<VerifyReport> {
  const record = await ctx.record();
  const { source } = await ctx.legacySource(record);
  const target = await ctx.target();
  const report = await verifyWithProgress(ctx, "verify", {
    legacy: source,
    target,
    targetName: ctx.targetName(),
    scopes: options.scopes,
    maxListed: options.maxListed ? Number(options.maxListed) : undefined,
    signal: ctx.signal,
  });
  ctx.out.result(report, () =>
    formatVerifyReport(report, { users: options.users ? Number(options.users) : 10 }),
  );
  if (!report.ok) {
    throw new CliError(
      "MISMATCH",
      `verify found ${report.totals.mismatched} mismatched sessions, ${report.scopeMismatches.length} mismatched scopes and ${report.totals.unreadable} unreadable legacy sessions`,
      report.totals.unreadable > 0 && report.totals.mismatched === 0
        ? "restore the damaged legacy files from a backup (or move them away), then verify again"
        : "run `sessionkit-migrate repair`, then verify again",
    );
  }
  return report;
}
