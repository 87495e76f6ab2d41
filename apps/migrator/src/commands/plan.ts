import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { readMigrationRecord } from "@sessionkit/migrate";
import type { CommandContext } from "../context.js";
import { targetExists } from "../stores.js";

/** Measured backfill rate into SQLite (see packages/migrate/README.md), used for the estimate. */
const ESTIMATED_EVENTS_PER_SECOND = 100_000;

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
  const seconds = events / ESTIMATED_EVENTS_PER_SECOND;
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
    estimate: {
      backfillSeconds: Math.max(1, Math.ceil(seconds)),
      eventsPerSecond: ESTIMATED_EVENTS_PER_SECOND,
    },
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
        ? `target ${ctx.targetUrl()} does not exist yet (\`sessionkit-migrate init\` creates it)`
        : "",
      `  ${apps.size} apps, ${users.size} users, ${sessions} sessions (${expired} expired), ${events} events; largest session ${largest} events`,
      size ? `  ${size.files} files, ${(size.bytes / 1024 / 1024).toFixed(1)} MiB` : "",
      `  estimated backfill into SQLite: ~${value.estimate.backfillSeconds}s at ~${ESTIMATED_EVENTS_PER_SECOND.toLocaleString("en")} events/s`,
      "plan:",
      ...value.steps.map((s, i) => `  ${i + 1}. ${s}`),
    ]
      .filter(Boolean)
      .join("\n"),
  );
}
