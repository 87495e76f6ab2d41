import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { readMigrationRecord } from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { BACKFILL_DEFAULTS, measureBackfill } from "../estimate.js";
import { targetExists } from "../stores.js";

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

async function directoryBytes(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = await directoryBytes(full);
      files += sub.files;
      bytes += sub.bytes;
    } else if (e.isFile()) {
      files++;
      bytes += (await stat(full)).size;
    }
  }
  return { files, bytes };
}

/** Counts what the legacy store holds and estimates how long the backfill will take. */
export async function planCommand(ctx: CommandContext): Promise<void> {
  let record = null;
  // Before `init` the target does not exist yet: plan reads the legacy side only, never creates it.
  const targetGiven = Boolean(ctx.options.target ?? process.env.SESSIONKIT_MIGRATE_TARGET);
  const targetExisting = targetGiven && targetExists(ctx.targetUrl());
  if (targetExisting) record = await readMigrationRecord(await ctx.target());
  const { source, spec } = await ctx.legacySource(record);
  const apps = new Set<string>();
  const users = new Set<string>();
  let sessions = 0;
  let events = 0;
  let expired = 0;
  let largest = 0;
  for await (const s of source.sessions()) {
    sessions++;
    events += s.events.length;
    if (s.status === "expired") expired++;
    largest = Math.max(largest, s.events.length);
    apps.add(s.appName);
    users.add(JSON.stringify([s.appName, s.userId]));
  }
  const size = spec.kind === "json" ? await directoryBytes(spec.root) : null;
  ctx.out.note("plan: measuring the default backfill on a sample of the legacy store…");
  const estimate = await measureBackfill(
    source,
    events,
    BACKFILL_DEFAULTS,
    targetGiven ? ctx.targetName() : null,
  );
  const value = {
    legacy: source.name,
    phase: record?.phase ?? null,
    /** Null without a target; false when it is not created yet (init creates it). */
    targetExists: targetGiven ? targetExisting : null,
    apps: apps.size,
    users: users.size,
    sessions,
    expiredSessions: expired,
    events,
    largestSession: largest,
    files: size?.files ?? null,
    bytes: size?.bytes ?? null,
    estimate,
    steps: [
      "init --legacy <url> --target <url>",
      "deploy createPhasedRepository in the application",
      "cutover (→ dual-write)",
      "backfill",
      "verify (repair if needed)",
      "cutover (→ target-primary)",
      "finalize (→ target-only)",
    ],
  };
  ctx.out.result(value, () =>
    [
      `legacy ${source.name}${record ? ` (phase ${record.phase})` : ""}`,
      targetGiven && !targetExisting
        ? `target ${ctx.targetName()} does not exist yet (\`sessionkit-migrate init\` creates it)`
        : "",
      `  ${apps.size} apps, ${users.size} users, ${sessions} sessions (${expired} expired), ${events} events; largest session ${largest} events`,
      size ? `  ${size.files} files, ${(size.bytes / 1024 / 1024).toFixed(1)} MiB` : "",
      `backfill with the defaults: batches of ${estimate.defaults.batchSize} sessions / ${estimate.defaults.batchEvents.toLocaleString("en")} events, each re-checked against legacy (--recheck ${estimate.defaults.recheck}), full-text index built once after the copy (--no-defer-fulltext keeps it per row, --skip-fulltext leaves it off)`,
      `  estimated ~${formatSeconds(estimate.backfillSeconds)} at ~${Math.round(estimate.eventsPerSecond).toLocaleString("en")} events/s, measured by copying a sample of ${estimate.sampleSessions} sessions (${estimate.sampleEvents} events) into a temporary ${estimate.sampleTarget} database: copy ${estimate.copySeconds.toFixed(2)} s + index ${estimate.indexSeconds.toFixed(2)} s`,
      "plan:",
      ...value.steps.map((s, i) => `  ${i + 1}. ${s}`),
    ]
      .filter(Boolean)
      .join("\n"),
  );
}
