import { rm } from "node:fs/promises";
import { refusedError } from "@sessionkit/core/cli";
import {
  countDrift,
  type FinalizeProgress,
  type MigrationRecord,
  withPhase,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import {
  type ArchiveProgress,
  buildManifest,
  writeManifest,
  writeVerifiedArchive,
} from "../archive.js";
import type { CommandContext } from "../context.js";
import { verifyWithProgress } from "../engine-progress.js";
import { retireLegacy, successorName } from "../legacy-retirement.js";
import { Progress } from "../progress.js";

export interface FinalizeOptions {
  archive?: string;
  skipVerify?: boolean;
  removeLegacy?: boolean;
}

/**
 * Retires the legacy store: (1) records the intent and stops legacy backup writes, (2) waits for
 * running applications to see it, (3) writes a verified tar.gz of the legacy root and a manifest
 * with each file's sha256, (4) records target-only, (5) retires the legacy root (a marker naming
 * the target: every later write into it fails with RETIRED). Every step is persisted or
 * idempotent, so an interrupted finalize resumes where it stopped. The legacy root is kept unless
 * --remove-legacy.
 */
export async function finalizeCommand(
  ctx: CommandContext,
  options: FinalizeOptions,
): Promise<void> {
  await ctx.lock();
  const target = await ctx.target();
  let record = await ctx.record();
  if (record.phase === "target-only" && record.finalize?.state === "done") {
    // Finalized before: make sure the legacy root is retired (a finalize stopped before its last
    // step, or one by an older version, left it writable).
    const legacy = ctx.legacySpec(record);
    const retired =
      legacy.kind === "json" && !ctx.dryRun ? await retireLegacy(legacy, ctx.targetName()) : null;
    ctx.out.result({ alreadyFinalized: true, record, retired }, () =>
      [
        `already finalized; archive ${record.finalize?.archivePath}`,
        retired ? `  legacy root retired: writes refused, naming ${retired.successor}` : "",
      ]
        .filter(Boolean)
        .join("\n"),
    );
    return;
  }
  const resuming = record.finalize !== undefined;
  if (record.phase !== "target-primary" && !(record.phase === "target-only" && resuming)) {
    throw refusedError(
      `finalize runs in target-primary; the migration is in ${record.phase}`,
      "cut over first (`sessionkit-migrate cutover`)",
    );
  }
  const spec = ctx.legacySpec(record);
  if (spec.kind !== "json") {
    throw refusedError(
      `the legacy source is ${spec.kind === "store" ? "a sessionkit store" : "a module"}; there is no legacy root to archive`,
      "retire your own source, then set the phase with the library's setMigrationPhase",
    );
  }
  const checks: Record<string, unknown> = {};
  if (!resuming) {
    const drift = await countDrift(target, undefined, 1000);
    checks.driftPending = drift;
    if (drift > 0)
      throw refusedError(
        `the drift journal holds ${drift} entries`,
        "run `sessionkit-migrate repair` first",
        checks,
      );
    if (!options.skipVerify) {
      const { source } = await ctx.legacySource(record);
      ctx.out.note("finalize: verifying legacy and target…");
      const report = await verifyWithProgress(ctx, "finalize: verify", {
        legacy: source,
        target,
        targetName: ctx.targetName(),
      });
      checks.verify = { ok: report.ok, mismatched: report.totals.mismatched };
      if (!report.ok)
        throw refusedError(
          "verify is not clean",
          "run `sessionkit-migrate repair`, then finalize again",
          checks,
        );
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const progress: FinalizeProgress = record.finalize ?? {
    state: "archiving",
    archivePath: options.archive ?? `${spec.root}.retired-${stamp}.tar.gz`,
    manifestPath: `${options.archive ?? `${spec.root}.retired-${stamp}.tar.gz`}.manifest.json`,
    startedAt: Date.now(),
  };
  if (ctx.dryRun) {
    ctx.out.result(
      { dryRun: true, checks, plan: progress },
      () =>
        `[dry run] would archive ${spec.root} to ${progress.archivePath} (manifest ${progress.manifestPath}), record target-only and retire ${spec.root} (writes refused, naming ${successorName(ctx.targetName())})`,
    );
    return;
  }
  if (!resuming) {
    // Step 1: persist the intent; legacy stops receiving backup writes (it is about to be frozen).
    record = { ...record, legacyBackupWrites: false, legacyComplete: false, finalize: progress };
    await writeMigrationRecord(target, record);
  }
  if (record.finalize?.state === "archiving") {
    await ctx.settle(
      Math.max(record.since, progress.startedAt),
      "that legacy backup writes stopped",
    );
    ctx.out.note(`finalize: archiving ${spec.root} → ${progress.archivePath}`);
    const bars = {
      manifest: new Progress(ctx.out, "finalize: hash legacy files", "files"),
      archive: new Progress(ctx.out, "finalize: write archive", "files"),
      check: new Progress(ctx.out, "finalize: check archive", "files"),
    };
    const onProgress: ArchiveProgress = (stage, done, total) => {
      for (const [name, bar] of Object.entries(bars)) if (name !== stage) bar.stop();
      bars[stage].update({ done, total });
    };
    let manifest: Awaited<ReturnType<typeof buildManifest>>;
    try {
      manifest = await buildManifest(spec.root, progress.archivePath, onProgress);
      manifest.archiveSha256 = await writeVerifiedArchive(
        spec.root,
        progress.archivePath,
        manifest,
        onProgress,
      );
    } finally {
      for (const bar of Object.values(bars)) bar.stop();
    }
    await writeManifest(progress.manifestPath, manifest);
    record = {
      ...record,
      finalize: {
        ...progress,
        state: "archived",
        files: manifest.files.length,
        bytes: manifest.totalBytes,
        archiveSha256: manifest.archiveSha256,
      },
    };
    await writeMigrationRecord(target, record);
  }
  if (record.finalize?.state === "archived") {
    const done: MigrationRecord = {
      ...(record.phase === "target-only" ? record : withPhase(record, "target-only", "finalize")),
      finalize: { ...(record.finalize as FinalizeProgress), state: "done" },
    };
    await writeMigrationRecord(target, done);
    record = done;
  }
  // Last step: the legacy root refuses every write from now on, naming the target (or is gone).
  if (options.removeLegacy) await rm(spec.root, { recursive: true, force: true });
  const retired = options.removeLegacy ? null : await retireLegacy(spec, ctx.targetName());
  const f = record.finalize as FinalizeProgress;
  ctx.out.result(
    {
      finalized: true,
      resumed: resuming,
      checks,
      record,
      legacyRemoved: Boolean(options.removeLegacy),
      retired,
    },
    () =>
      [
        `finalized: phase target-only${resuming ? " (resumed)" : ""}`,
        `  archive   ${f.archivePath} (${f.files} files, ${f.bytes} bytes, sha256 ${f.archiveSha256})`,
        `  manifest  ${f.manifestPath}`,
        options.removeLegacy
          ? `  legacy root ${spec.root} removed`
          : retired
            ? `  legacy root ${spec.root} kept and retired: every write into it is refused (RETIRED), naming ${retired.successor}; remove it when you wish`
            : `  legacy root ${spec.root} no longer exists (nothing to retire)`,
      ].join("\n"),
  );
}
