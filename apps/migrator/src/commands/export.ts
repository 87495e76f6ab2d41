import type { JsonObject } from "@sessionkit/core";
import { redactUrl } from "@sessionkit/core/adapter-kit";
import { CliError, refusedError } from "@sessionkit/core/cli";
import {
  EXPORT_RECORD_NAME,
  type ExportResult,
  repositorySource,
  type VerifyReport,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { exportWithProgress, verifyWithProgress } from "../engine-progress.js";
import { parseLegacySpec } from "../stores.js";
import { takeTargetSnapshot } from "../target-snapshot.js";

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
    throw refusedError(
      `in ${record.phase} the legacy store is the source of truth; exporting into it would overwrite it with the target`,
      "export into another directory with --to json:<dir>, or pass --force",
    );
  }
  const legacy = await ctx.legacyRepository(spec, true);
  // While running applications mirror their writes into the legacy root (target-primary with
  // backup writes), the export must copy the live target (a snapshot would overwrite newer
  // backup writes). Anywhere else it copies one consistent snapshot of the target and verifies
  // against that same snapshot, so writes made meanwhile cannot make it fail.
  const applicationsWriteLegacy =
    record.phase === "foundation" ||
    record.phase === "dual-write" ||
    (record.phase === "target-primary" && record.legacyBackupWrites);
  const live = ctx.dryRun || (intoLegacyRoot && applicationsWriteLegacy);
  const snapshot = live ? null : await takeTargetSnapshot(ctx.targetUrl(), target);
  ctx.out.note(
    `export: ${ctx.targetName()} → ${redactUrl(spec.url)}${snapshot ? ` (snapshot taken at ${new Date(snapshot.takenAt).toISOString()}: ${snapshot.sessions} sessions, ${snapshot.events} events)` : ""}`,
  );
  const source = snapshot?.repo ?? target;
  let result: ExportResult;
  let report: VerifyReport | null = null;
  try {
    result = await exportWithProgress(ctx, "export", {
      target: source,
      legacy,
      dryRun: ctx.dryRun,
      record: false,
    });
    if (!ctx.dryRun) {
      report = await verifyWithProgress(ctx, "export: verify", {
        legacy: repositorySource(legacy, redactUrl(spec.url)),
        target: source,
        targetName: snapshot ? `${ctx.targetName()} (snapshot)` : ctx.targetName(),
      });
    }
  } finally {
    await snapshot?.dispose();
  }
  const position = snapshot
    ? {
        takenAt: snapshot.takenAt,
        sessions: snapshot.sessions,
        events: snapshot.events,
        bytes: snapshot.bytes,
      }
    : null;
  if (!ctx.dryRun) {
    await target.setMeta(EXPORT_RECORD_NAME, {
      ...result,
      snapshot: position,
    } as unknown as JsonObject);
    if (
      report?.ok &&
      intoLegacyRoot &&
      record.phase === "target-primary" &&
      record.legacyBackupWrites
    ) {
      await writeMigrationRecord(target, { ...record, legacyComplete: true });
    }
  }
  ctx.out.result({ export: result, verify: report, snapshot: position }, () =>
    [
      `${result.dryRun ? "[dry run] " : ""}exported ${result.sessions} sessions (${result.written} written, ${result.deleted} deleted), ${result.scopes} scopes (${result.scopesCleared} cleared), ${result.meta} meta entries into ${redactUrl(spec.url)}`,
      position
        ? `  from a consistent snapshot of the target taken at ${new Date(position.takenAt).toISOString()} (${position.sessions} sessions, ${position.events} events); later writes are not in this export`
        : `  from the live target${live && !ctx.dryRun ? " (applications mirror their writes into this legacy root)" : ""}`,
      report
        ? `verify after export: ${report.ok ? "OK" : `FAILED (${report.totals.mismatched} sessions differ)`}`
        : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  if (report && !report.ok) {
    throw new CliError(
      "MISMATCH",
      "verify after export found differences",
      position
        ? "the exported copy differs from the snapshot it was made from: check the destination's disk and permissions, then run export again"
        : "the application may have written meanwhile; run export again",
    );
  }
  return { export: result, verify: report };
}
