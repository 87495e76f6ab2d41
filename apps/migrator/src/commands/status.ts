import { usageError } from "@sessionkit/core/cli";
import {
  countDrift,
  EXPORT_RECORD_NAME,
  readBackfillCheckpoint,
  readMigrationRecord,
  readShadowMismatches,
} from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { type LegacyRetirementStatus, legacyRetirementStatus } from "../legacy-retirement.js";
import { listedMismatches, mismatchLimit, mismatchLines } from "../shadow-report.js";

export interface StatusOptions {
  /** List the newest recorded shadow-read mismatches, not only count them. */
  mismatches?: boolean;
  /** How many mismatches `--mismatches` lists (default 20). */
  limit?: string;
}

/**
 * Prints the migration record, backfill checkpoint, drift-journal depth, shadow mismatches (with
 * --mismatches the newest of them: session, time, what differed) and whether the legacy JSON
 * root is retired (and by which store).
 */
export async function statusCommand(
  ctx: CommandContext,
  options: StatusOptions = {},
): Promise<void> {
  const limit = options.mismatches ? mismatchLimit(options.limit) : 0;
  if (!options.mismatches && options.limit !== undefined)
    throw usageError("--limit applies to --mismatches", "add --mismatches, or drop --limit");
  const target = await ctx.target();
  const record = await readMigrationRecord(target);
  if (!record) {
    ctx.out.result(
      { initialized: false, target: ctx.targetName() },
      () => `no migration recorded in ${ctx.targetName()}; run \`sessionkit-migrate init\``,
    );
    return;
  }
  const checkpoint = await readBackfillCheckpoint(target);
  const drift = {
    target: await countDrift(target, "target", 100_000),
    legacy: await countDrift(target, "legacy", 100_000),
  };
  const shadow = await readShadowMismatches(target, limit);
  const shadowMismatches = shadow.total;
  const listed = options.mismatches ? listedMismatches(shadow) : undefined;
  const lastExport = await target.getMeta(EXPORT_RECORD_NAME);
  const legacyUrl = ctx.options.legacy ?? record.legacy;
  const spec = legacyUrl ? ctx.legacySpec(record) : null;
  const legacyStore = spec?.kind === "json" ? await legacyRetirementStatus(spec) : null;
  const value = {
    initialized: true,
    target: ctx.targetName(),
    record,
    backfill: checkpoint,
    drift,
    shadowMismatches,
    ...(listed ? { shadowMismatchList: listed } : {}),
    lastExport,
    legacyStore,
  };
  ctx.out.result(value, () => {
    const c = ctx.out.colors;
    const lines = [
      `phase       ${c.bold(record.phase)} (since ${new Date(record.since).toISOString()})`,
      `legacy      ${record.legacy ?? "(none)"}`,
      `target      ${ctx.targetName()}`,
      `backup      legacy backup writes ${record.legacyBackupWrites ? "on" : "off"}, legacy copy ${record.legacyComplete ? "complete" : "incomplete"}`,
      checkpoint
        ? `backfill    ${checkpoint.done ? "done" : "in progress"}: ${checkpoint.sessions} sessions, ${checkpoint.events} events (${checkpoint.written} written, ${checkpoint.skipped} skipped, ${checkpoint.recopied} re-copied, ${checkpoint.failed} failed), ${checkpoint.resumes} resumes`
        : "backfill    not started",
      `drift       ${drift.target} target entries, ${drift.legacy} legacy entries${drift.target + drift.legacy > 0 ? " (run repair)" : ""}`,
      `shadow      ${shadowMismatches} recorded mismatches${shadowMismatches > 0 && !listed ? " (list them: status --mismatches)" : ""}`,
      ...mismatchLines(shadowMismatches, listed ?? []),
    ];
    if (record.finalize)
      lines.push(`finalize    ${record.finalize.state}: ${record.finalize.archivePath}`);
    if (legacyStore) lines.push(...retirementLines(legacyStore, record.phase));
    lines.push("history:");
    for (const h of record.history)
      lines.push(`  ${new Date(h.at).toISOString()}  ${h.from ?? "-"} → ${h.to}  (${h.by})`);
    return lines.join("\n");
  });
}

/** The `retired` line of the text report, with what to do when it disagrees with the phase. */
function retirementLines(store: LegacyRetirementStatus, phase: string): string[] {
  if (store.problem)
    return [
      `retired     yes (the marker is damaged: ${store.problem}); writes to ${store.root} are refused`,
    ];
  if (store.retired) {
    const lines = [
      `retired     yes, since ${store.retiredAt}: writes to ${store.root} are refused; the sessions live in ${store.successor}`,
    ];
    if (phase !== "target-only")
      lines.push(
        `            but the phase is ${phase}: run \`sessionkit-migrate rollback\` (it reinstates the root) or \`finalize\``,
      );
    return lines;
  }
  if (phase === "target-only")
    return [
      `retired     no: ${store.root} still accepts writes; run \`sessionkit-migrate finalize\` again to retire it`,
    ];
  return [`retired     no (${store.root} accepts writes)`];
}
