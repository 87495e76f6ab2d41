import {
  newMigrationRecord,
  readMigrationRecord,
  withPhase,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { refused } from "../exit-codes.js";
import { targetExists } from "../stores.js";

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
    if (existing.legacy !== spec.url) {
      throw refused(
        `the target is already being migrated from ${existing.legacy}`,
        "use the same --legacy, or a fresh target database",
      );
    }
    ctx.out.result(
      { initialized: false, alreadyInitialized: true, record: existing },
      () =>
        `already initialised: phase ${existing.phase}, legacy ${existing.legacy}, target ${ctx.targetUrl()}`,
    );
    return;
  }
  let record = newMigrationRecord(spec.url);
  if (options.dualWrite) record = withPhase(record, "dual-write", "init --dual-write");
  if (target && !ctx.dryRun) await writeMigrationRecord(target, record);
  ctx.out.result({ initialized: !ctx.dryRun, dryRun: ctx.dryRun, record }, () =>
    [
      `${ctx.dryRun ? "[dry run] would initialise" : "initialised"} the migration`,
      `  legacy  ${source.name}`,
      `  target  ${ctx.targetUrl()} (schema ready)`,
      `  phase   ${record.phase}`,
      record.phase === "foundation"
        ? "next: deploy the phased repository in your application, then `sessionkit-migrate cutover` to turn on dual-write"
        : "next: `sessionkit-migrate backfill`",
    ].join("\n"),
  );
}
