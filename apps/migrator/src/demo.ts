#!/usr/bin/env node
/**
 * The quickstart demo: generates a sample legacy JSON store in a temp directory, then runs the
 * real CLI commands in this process — init → cutover (dual-write) → backfill (with progress) →
 * verify (prints the report) — into an embedded SQLite file, and says where everything is.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLegacyStore } from "@sessionkit/sample-data";
import pc from "picocolors";
import { main } from "./cli.js";

const SESSIONS = Number(process.env.DEMO_SESSIONS ?? 1000);
const EVENTS_PER_SESSION = Number(process.env.DEMO_EVENTS_PER_SESSION ?? 30);

function step(title: string): void {
  process.stderr.write(`\n${pc.bold(pc.cyan(`▶ ${title}`))}\n`);
}

async function run(args: string[]): Promise<void> {
  process.stderr.write(pc.dim(`$ sessionkit-migrate ${args.join(" ")}\n`));
  const code = await main(["node", "sessionkit-migrate", ...args]);
  if (code !== 0) {
    process.stderr.write(pc.red(`sessionkit-migrate ${args[0]} exited with ${code}\n`));
    process.exit(code);
  }
}

const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), "sessionkit-demo-"));
const legacyRoot = join(dir, "legacy-sessions");
const db = join(dir, "sessions.db");
const common = ["--target", `sqlite:${db}`, "--refresh-ms", "250"];

step(`generating a sample legacy JSON store (${SESSIONS} sessions × ${EVENTS_PER_SESSION} events)`);
const generated = await generateLegacyStore({
  dir: legacyRoot,
  sessions: SESSIONS,
  eventsPerSession: EVENTS_PER_SESSION,
  users: Math.max(1, Math.round(SESSIONS / 10)),
  apps: 2,
  seed: "sessionkit-demo",
});
process.stderr.write(
  `${generated.sessions} sessions (${generated.expiredSessions} expired), ${generated.events} events, ${generated.users} users, ${(generated.bytes / 1024 / 1024).toFixed(1)} MiB in ${legacyRoot}\n`,
);

step("init: create the SQLite schema and the migration record (phase foundation)");
await run(["init", "--legacy", `json:${legacyRoot}`, ...common]);

step("cutover: turn on dual-write (applications now write legacy first, then SQLite)");
await run(["cutover", "--to", "dual-write", ...common]);

step("backfill: copy every legacy session (batched, checkpointed, resumable)");
await run(["backfill", ...common]);

step("verify: counts per user and a content hash per session on both sides");
await run(["verify", ...common]);

const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stderr.write(`\n${pc.bold(pc.green(`✔ demo finished in ${seconds}s`))}\n`);
process.stdout.write(
  [
    "",
    `legacy JSON store   ${legacyRoot}`,
    `SQLite target       ${db}`,
    "",
    "try next (phase is dual-write):",
    `  node apps/migrator/dist/bin.js status --target sqlite:${db}`,
    `  node apps/migrator/dist/bin.js cutover --target sqlite:${db}     # → target-primary`,
    `  node apps/migrator/dist/bin.js finalize --target sqlite:${db}    # archive legacy → target-only`,
    `  node apps/cli/dist/bin.js sessions list --db sqlite:${db} --app app-1`,
    `remove everything: rm -rf ${dir}`,
    "",
  ].join("\n"),
);
