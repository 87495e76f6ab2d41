#!/usr/bin/env node
import { parseArgs } from "node:util";
import { generateLegacyStore } from "./generate-legacy-store.js";

const USAGE = `Usage: generate-legacy-store --sessions N --events-per-session M --users U --seed S
                             [--apps A] [--expired-ratio R] [--no-hostile-ids] <dir>

Writes a deterministic, realistic legacy sessionkit JSON store (format version 1) into <dir>,
which must not exist or be empty. The same seed and options give byte-identical files.`;

function fail(message: string): never {
  process.stderr.write(`generate-legacy-store: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function int(name: string, text: string | undefined, required: boolean): number | undefined {
  if (text === undefined) {
    if (required) fail(`--${name} is required`);
    return undefined;
  }
  if (!/^\d+$/.test(text))
    fail(`--${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        sessions: { type: "string" },
        "events-per-session": { type: "string" },
        users: { type: "string" },
        seed: { type: "string" },
        apps: { type: "string" },
        "expired-ratio": { type: "string" },
        "no-hostile-ids": { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.positionals.length !== 1) fail("exactly one target directory is required");
  const seed = v.seed as string | undefined;
  if (seed === undefined) fail("--seed is required");
  const ratioText = v["expired-ratio"] as string | undefined;
  const expiredRatio = ratioText === undefined ? undefined : Number(ratioText);
  if (expiredRatio !== undefined && !(expiredRatio >= 0 && expiredRatio <= 1)) {
    fail("--expired-ratio must be a number from 0 to 1");
  }
  const started = performance.now();
  const quiet = v.quiet === true || !process.stderr.isTTY;
  const result = await generateLegacyStore({
    dir: parsed.positionals[0] as string,
    sessions: int("sessions", v.sessions as string | undefined, true) as number,
    eventsPerSession: int(
      "events-per-session",
      v["events-per-session"] as string | undefined,
      true,
    ) as number,
    users: int("users", v.users as string | undefined, true) as number,
    apps: int("apps", v.apps as string | undefined, false),
    seed,
    expiredRatio,
    hostileIds: v["no-hostile-ids"] !== true,
    onProgress: quiet ? undefined : (n, total) => process.stderr.write(`\r${n}/${total} sessions`),
  });
  if (!quiet) process.stderr.write("\n");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `wrote ${result.sessions} sessions (${result.expiredSessions} expired), ${result.events} events, ` +
      `${result.users} users, ${result.apps} apps, ${(result.bytes / 1e6).toFixed(1)} MB to ${result.root} in ${seconds} s\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`generate-legacy-store: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
