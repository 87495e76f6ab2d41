import {
  type ExportResult,
  repositorySource,
  type VerifyReport,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { exportWithProgress, verifyWithProgress } from "../engine-progress.js";
import { CliError, ExitCode, refused } from "../exit-codes.js";
import { parseLegacySpec } from "../stores.js";

export interface ExportCommandOptions {
  to?: string;
  force?: boolean;
}

/**
 * Writes the target back into the legacy JSON layout (the legacy root by default), then verifies
 * both sides. Exporting into the live legacy root is refused while the legacy store is still the
 * source of truth (foundation, dual-write) unless --force.
 */
export async function exportCommand(
  ctx: CommandContext,
  options: ExportCommandOptions,
): Promise<{ export: ExportResult; verify: VerifyReport | null }> {
  await ctx.lock();
  const target = await ctx.target();
  const record = await ctx.record();
  const recorded = record.legacy ? parseLegacySpec(record.legacy) : null;
  const spec = options.to ? parseLegacySpec(options.to) : ctx.legacySpec(record);
  const intoLegacyRoot = recorded !== null && recorded.url === spec.url;
  if (
    intoLegacyRoot &&
    (record.phase === "foundation" || record.phase === "dual-write") &&
    !options.force
  ) {
    throw refused(
      `in ${record.phase} the legacy store is the source of truth; exporting into it would overwrite it with the target`,
      "export into another directory with --to json:<dir>, or pass --force",
    );
  }
  const legacy = await ctx.legacyRepository(spec, true);
  ctx.out.note(`export: ${ctx.targetUrl()} → ${spec.url}`);
  const result = await exportWithProgress(ctx, "export", { target, legacy, dryRun: ctx.dryRun });
  let report: VerifyReport | null = null;
  if (!ctx.dryRun) {
    report = await verifyWithProgress(ctx, "export: verify", {
      legacy: repositorySource(legacy, spec.url),
      target,
      targetName: ctx.targetUrl(),
    });
    if (
      report.ok &&
      intoLegacyRoot &&
      record.phase === "target-primary" &&
      record.legacyBackupWrites
    ) {
      await writeMigrationRecord(target, { ...record, legacyComplete: true });
    }
  }
  ctx.out.result({ export: result, verify: report }, () =>
    [
      `${result.dryRun ? "[dry run] " : ""}exported ${result.sessions} sessions (${result.written} written, ${result.deleted} deleted), ${result.scopes} scopes (${result.scopesCleared} cleared), ${result.meta} meta entries into ${spec.url}`,
      report
        ? `verify after export: ${report.ok ? "OK" : `FAILED (${report.totals.mismatched} sessions differ)`}`
        : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  if (report && !report.ok) {
    throw new CliError(
      ExitCode.MISMATCH,
      "verify after export found differences",
      "the application may have written meanwhile; run export again",
      { silent: true },
    );
  }
  return { export: result, verify: report };
}
