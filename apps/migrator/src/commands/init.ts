import type { SessionRepository } from "@sessionkit/core";
import { refusedError } from "@sessionkit/core/cli";
import {
  newMigrationRecord,
  readMigrationRecord,
  withPhase,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { recordedLegacy, targetExists } from "../stores.js";

export interface InitOptions {
  dualWrite?: boolean;
}

/**
 * Creates the target schema and the durable migration record (phase foundation, or dual-write
 * with --dual-write). Idempotent: re-running with the same legacy location changes nothing.
 */
export async function initCommand(ctx: CommandContext, options: InitOptions): Promise<void> {
  await ctx.lock();
  const spec = ctx.legacySpec();
  // Open the legacy side once to check it is what it claims to be.
  const { source } = await ctx.legacySource();
  // A dry run never creates the target: a missing one simply holds no record yet.
  const target = ctx.dryRun && !targetExists(ctx.targetUrl()) ? null : await ctx.target();
  const existing = target ? await readMigrationRecord(target) : null;
  if (existing) {
    if (existing.legacy !== recordedLegacy(spec)) {
      throw refusedError(
        `the target is already being migrated from ${existing.legacy}`,
        "use the same --legacy, or a fresh target database",
      );
    }
    ctx.out.result(
      { initialized: false, alreadyInitialized: true, record: existing },
      () =>
        `already initialised: phase ${existing.phase}, legacy ${existing.legacy}, target ${ctx.targetName()}`,
    );
    return;
  }
  const warnings = target ? await occupiedTargetWarnings(target, ctx.targetName()) : [];
  for (const warning of warnings) ctx.out.warn(warning);
  let record = newMigrationRecord(recordedLegacy(spec));
  if (options.dualWrite) record = withPhase(record, "dual-write", "init --dual-write");
  if (target && !ctx.dryRun) await writeMigrationRecord(target, record);
  ctx.out.result({ initialized: !ctx.dryRun, dryRun: ctx.dryRun, record, warnings }, () =>
    [
      `${ctx.dryRun ? "[dry run] would initialise" : "initialised"} the migration`,
      `  legacy  ${source.name}`,
      `  target  ${ctx.targetName()} (schema ready)`,
      `  phase   ${record.phase}`,
      record.phase === "foundation"
        ? "next: deploy the phased repository in your application, then `sessionkit-migrate cutover` to turn on dual-write"
        : "next: `sessionkit-migrate backfill`",
    ].join("\n"),
  );
}

/**
 * A warning (not a refusal) when the target already holds sessions, saying what backfill will do
 * with them: it writes each legacy session with `writeSnapshot` mode "if-newer", so a target copy
 * with the same or a higher revision is kept (even if its content differs), a lower one is
 * replaced; sessions only in the target stay, and app/user state is overwritten.
 */
async function occupiedTargetWarnings(target: SessionRepository, url: string): Promise<string[]> {
  if ((await target.scanSessions({ limit: 1 })).length === 0) return [];
  const { sessions } = await target.stats();
  return [
    `target ${url} already holds ${sessions} session${sessions === 1 ? "" : "s"}: backfill keeps a target copy whose revision is the same or higher than the legacy one (even if its content differs) and replaces lower ones, leaves sessions that exist only in the target in place, and overwrites app and user state with the legacy values; \`verify\` then reports every difference. Use a fresh target database unless this is intended`,
  ];
}
