import { redactUrl } from "@sessionkit/core/adapter-kit";
import { CliError, refusedError } from "@sessionkit/core/cli";
import {
  BACKFILL_CHECKPOINT_NAME,
  countDrift,
  type MigrationRecord,
  type Phase,
  previousPhase,
  repositorySource,
  withPhase,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { exportWithProgress, verifyWithProgress } from "../engine-progress.js";
import {
  legacyRetirementStatus,
  reinstateLegacy,
  warnReinstatedHalfWay,
} from "../legacy-retirement.js";

export interface RollbackOptions {
  export?: boolean;
}

/**
 * Moves the migration one phase back. Leaving target-primary (or target-only) is allowed only
 * while the legacy copy is complete (backup writes on, no journaled legacy failure, verify
 * clean) — or with --export, which first turns legacy backup writes on, waits for running
 * applications to see it, exports the target into the legacy root and verifies it. A legacy root
 * retired by finalize is reinstated (writable again) before anything writes into it.
 */
export async function rollbackCommand(
  ctx: CommandContext,
  options: RollbackOptions,
): Promise<void> {
  await ctx.lock();
  const target = await ctx.target();
  let record = await ctx.record();
  const to = previousPhase(record.phase);
  if (to === null)
    throw refusedError(
      "the migration is in foundation; there is no earlier phase",
      "nothing to roll back: the legacy store is still the only source of truth",
    );
  const checks: Record<string, unknown> = {};

  if (record.phase === "target-primary" || record.phase === "target-only") {
    const spec = ctx.legacySpec(record);
    const legacy = await ctx.legacyRepository(spec, record.phase === "target-only");
    const legacySource = repositorySource(legacy, redactUrl(spec.url));
    const retired = spec.kind === "json" && (await legacyRetirementStatus(spec)).retired;
    if (ctx.dryRun && retired)
      checks.reinstate = `would reinstate the retired legacy root ${spec.root} first`;
    if (options.export) {
      if (ctx.dryRun) {
        checks.export = "would export the target into the legacy root, then verify";
      } else {
        // 0. The legacy root accepts writes again before the export or any application writes
        // into it (finalize retired it). Failing here changes nothing.
        if (spec.kind === "json") checks.reinstated = await reinstateLegacy(spec);
        let phaseNow: Phase = record.phase;
        try {
          // 1. Make every process write legacy backups from now on (target-only → target-primary first).
          let prepared: MigrationRecord = {
            ...record,
            legacyBackupWrites: true,
            legacyComplete: false,
          };
          if (record.phase === "target-only") {
            // The finalize progress belongs to the retired legacy root: drop the key (a stored
            // record holds JSON only, so an undefined member would be rejected).
            const { finalize: _retired, ...rest } = withPhase(
              prepared,
              "target-primary",
              "rollback --export",
            );
            prepared = rest;
          }
          await writeMigrationRecord(target, prepared);
          phaseNow = prepared.phase;
          await ctx.settle(Date.now(), "legacy backup writes");
          // 2. Copy the target into the legacy layout, 3. check it.
          ctx.out.note("rollback: exporting the target into the legacy root…");
          checks.export = await exportWithProgress(ctx, "rollback: export", { target, legacy });
          const report = await verifyWithProgress(ctx, "rollback: verify", {
            legacy: legacySource,
            target,
            targetName: ctx.targetName(),
          });
          checks.verify = { ok: report.ok, mismatched: report.totals.mismatched };
          if (!report.ok) {
            throw new CliError(
              "MISMATCH",
              "verify after export found differences; the phase was not changed",
              "run rollback --export again",
              checks,
            );
          }
          record = { ...prepared, legacyComplete: true };
          await writeMigrationRecord(target, record);
          if (prepared.phase === "target-primary" && to === "target-primary") {
            ctx.out.result({ from: "target-only", to: "target-primary", checks, record }, () =>
              [
                "rolled back target-only → target-primary (legacy re-exported, backup writes on)",
                reinstatedLine(checks),
              ]
                .filter(Boolean)
                .join("\n"),
            );
            return;
          }
        } catch (error) {
          if (checks.reinstated === true)
            warnReinstatedHalfWay(ctx.out, redactUrl(spec.url), phaseNow);
          throw error;
        }
      }
    } else {
      if (record.phase === "target-only") {
        throw refusedError(
          "the legacy store was retired",
          "run `sessionkit-migrate rollback --export` to re-create it from the target",
        );
      }
      const drift = await countDrift(target, "legacy", 1000);
      checks.legacyBackupWrites = record.legacyBackupWrites;
      checks.legacyComplete = record.legacyComplete;
      checks.legacyDrift = drift;
      if (!record.legacyBackupWrites || !record.legacyComplete || drift > 0) {
        throw refusedError(
          "the legacy copy is not known to be complete (backup writes off or failed backup writes journaled)",
          "run `sessionkit-migrate rollback --export` (or `repair` when only journaled failures remain)",
          checks,
        );
      }
      ctx.out.note("rollback: verifying legacy and target…");
      const report = await verifyWithProgress(ctx, "rollback: verify", {
        legacy: legacySource,
        target,
        targetName: ctx.targetName(),
      });
      checks.verify = { ok: report.ok, mismatched: report.totals.mismatched };
      if (!report.ok) {
        throw refusedError(
          `the legacy copy differs from the target in ${report.totals.mismatched} sessions`,
          "run `sessionkit-migrate repair` (copies target → legacy) or `rollback --export`",
          checks,
        );
      }
      // The legacy root becomes primary again: it must accept writes before the phase changes.
      if (!ctx.dryRun && spec.kind === "json") checks.reinstated = await reinstateLegacy(spec);
    }
  }

  const next = withPhase(record, to, "rollback");
  if (!ctx.dryRun) {
    await writeMigrationRecord(target, next);
    // Leaving dual-write means the target stops receiving writes: a new backfill is needed later.
    if (record.phase === "dual-write") await target.setMeta(BACKFILL_CHECKPOINT_NAME, null);
  }
  ctx.out.result({ dryRun: ctx.dryRun, from: record.phase, to, checks, record: next }, () =>
    [
      `${ctx.dryRun ? "[dry run] would roll back" : "rolled back"} ${record.phase} → ${to}`,
      `running phased repositories switch within ${Math.ceil(ctx.refreshMs / 1000)}s`,
      reinstatedLine(checks),
      record.phase === "dual-write"
        ? "the target no longer receives writes; run backfill again after the next cutover to dual-write"
        : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
}

/** The report line about the legacy root's retirement (empty when it was not retired). */
function reinstatedLine(checks: Record<string, unknown>): string {
  if (typeof checks.reinstate === "string") return `[dry run] ${checks.reinstate}`;
  return checks.reinstated === true
    ? "the retired legacy root was reinstated: it accepts writes again"
    : "";
}
