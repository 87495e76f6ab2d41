import {
  type ExportOptions,
  type ExportResult,
  exportToLegacy,
  repositorySource,
  type VerifyOptions,
  type VerifyReport,
  verify,
} from "@sessionkit/migrate";
import type { CommandContext } from "./context.js";
import { Progress } from "./progress.js";

/**
 * Runs `verify` with a progress bar (sessions compared of legacy's count) labelled `label`, e.g.
 * "cutover: verify": the gates of cutover, finalize and rollback compare every session too.
 */
export async function verifyWithProgress(
  ctx: CommandContext,
  label: string,
  options: Omit<VerifyOptions, "onProgress">,
): Promise<VerifyReport> {
  const progress = new Progress(ctx.out, label, "sessions");
  try {
    return await verify({
      ...options,
      onProgress: (done, total) => progress.update({ done, total }),
    });
  } finally {
    progress.stop();
  }
}

/** Runs `exportToLegacy` with one progress bar (sessions exported of the target's count). */
export async function exportWithProgress(
  ctx: CommandContext,
  label: string,
  options: Omit<ExportOptions, "onProgress">,
): Promise<ExportResult> {
  const total = (await repositorySource(options.target, "target").count?.())?.sessions ?? null;
  const progress = new Progress(ctx.out, label, "sessions");
  try {
    return await exportToLegacy({
      ...options,
      onProgress: (done) => progress.update({ done, total }),
    });
  } finally {
    progress.stop();
  }
}
