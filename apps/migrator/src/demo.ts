#!/usr/bin/env node
/**
 * The quickstart demo (`pnpm demo`): generates a sample legacy JSON store, then runs the real
 * migration into an embedded SQLite file — init → dual-write with a background writer process →
 * backfill (progress bar) → verify → cutover → finalize — runs a few `sessionkit` commands
 * against the result (stats, a session's history, a search) and prints a summary with the
 * verify report and timings. Everything lives in one directory it names.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { searchableText } from "@sessionkit/core/adapter-kit";
import type { VerifyReport } from "@sessionkit/migrate";
import { generateLegacyStore } from "@sessionkit/sample-data";
import { createSqliteRepository } from "@sessionkit/sqlite";
import pc from "picocolors";
import { main } from "./cli.js";

const SESSIONS = Number(process.env.DEMO_SESSIONS ?? 2500);
const EVENTS_PER_SESSION = Number(process.env.DEMO_EVENTS_PER_SESSION ?? 16);
const MIGRATE_BIN = fileURLToPath(new URL("./bin.js", import.meta.url));
const WRITER = fileURLToPath(new URL("./demo-writer.js", import.meta.url));
/** The operations CLI of this repository (apps/cli), built by `pnpm demo`. */
const SESSIONKIT_BIN = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url));

const timings: Array<[string, number]> = [];
let stepStarted = Date.now();
let stepName = "";

function step(name: string, title: string): void {
  endStep();
  stepName = name;
  stepStarted = Date.now();
  process.stderr.write(`\n${pc.bold(pc.cyan(`▶ ${title}`))}\n`);
}

function endStep(): void {
  if (stepName) timings.push([stepName, Date.now() - stepStarted]);
  stepName = "";
}

function fail(message: string): never {
  process.stderr.write(pc.red(`${message}\n`));
  process.exit(1);
}

/** An argument as a shell would need it typed. */
const shellArg = (arg: string) =>
  /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;

/** Runs a sessionkit-migrate command in this process, as a user would type it. */
async function migrate(args: string[]): Promise<void> {
  process.stderr.write(pc.dim(`$ sessionkit-migrate ${args.map(shellArg).join(" ")}\n`));
  const code = await main(["node", "sessionkit-migrate", ...args]);
  if (code !== 0) fail(`sessionkit-migrate ${args[0]} exited with ${code}`);
}

/** `sessionkit-migrate verify --json` in a child process: the report as data. */
function verifyReport(common: string[]): VerifyReport {
  try {
    const out = execFileSync(process.execPath, [MIGRATE_BIN, "verify", ...common, "--json"], {
      encoding: "utf8",
    });
    return JSON.parse(out) as VerifyReport;
  } catch (error) {
    const out = (error as { stdout?: string }).stdout;
    if (out) return JSON.parse(out) as VerifyReport; // exit 6 (MISMATCH): a report with mismatches
    throw error;
  }
}

/** Runs a `sessionkit` command in a child process with its output shown. */
function sessionkit(args: string[]): void {
  process.stderr.write(pc.dim(`$ sessionkit ${args.map(shellArg).join(" ")}\n`));
  execFileSync(process.execPath, [SESSIONKIT_BIN, ...args], { stdio: "inherit" });
}

async function startWriter(legacyRoot: string, db: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WRITER, JSON.stringify({ legacyRoot, db })], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the background writer exited (${code})`)));
    child.stdout?.once("data", () => resolve());
  });
  return child;
}

async function stopWriter(child: ChildProcess): Promise<Record<string, number>> {
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.write("stop\n");
  await exited;
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Record<string, number>;
}

const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), "sessionkit-demo-"));
const legacyRoot = join(dir, "legacy-sessions");
const db = join(dir, "sessions.db");
const common = ["--target", `sqlite:${db}`, "--refresh-ms", "250"];

step("generate", `generating a sample legacy JSON store (${SESSIONS} sessions)`);
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

step("init", "init: create the SQLite schema and the migration record (phase foundation)");
await migrate(["init", "--legacy", `json:${legacyRoot}`, ...common]);

step("dual-write", "cutover: turn on dual-write (the application writes legacy, then SQLite)");
await migrate(["cutover", "--to", "dual-write", ...common]);
const writer = await startWriter(legacyRoot, db);
process.stderr.write("a background writer process now appends through createPhasedRepository\n");

step("backfill", "backfill: copy every legacy session while the writer keeps writing");
await migrate(["backfill", ...common]);
const written = await stopWriter(writer);
process.stderr.write(
  `background writer: ${written.created} sessions created, ${written.appended} events appended during the backfill (${written.errors} errors)\n`,
);

step("verify", "verify: counts per user and a content hash per session on both sides");
await migrate(["verify", ...common]);
let report = verifyReport(common);
if (!report.ok) {
  // A dual-written target copy that failed is in the drift journal: repair, then verify again.
  await migrate(["repair", ...common]);
  report = verifyReport(common);
  if (!report.ok) fail("verify still reports drift after repair");
}

step("cutover", "cutover: SQLite becomes the primary (legacy kept as a backup copy)");
await migrate(["cutover", "--to", "target-primary", ...common]);

step("finalize", "finalize: archive the legacy store (tarball + checksums) → target-only");
await migrate(["finalize", ...common]);

step("sessionkit", "sessionkit: operate the migrated store");
const store = createSqliteRepository({ path: db });
const [first] = await store.scanSessions({ limit: 1, appName: "app-1" });
let word = "";
if (first) {
  const snapshot = await store.readSnapshot(first);
  for (const e of snapshot?.events ?? []) {
    word = searchableText(e.content).match(/[A-Za-z]{6,}/)?.[0] ?? "";
    if (word) break;
  }
}
await store.close();
if (existsSync(SESSIONKIT_BIN) && first) {
  const at = ["--db", `sqlite:${db}`];
  sessionkit([...at, "stats"]);
  sessionkit([
    ...at,
    "history",
    first.sessionId,
    "--app",
    first.appName,
    "--user",
    first.userId,
    "--last",
    "3",
  ]);
  if (word) sessionkit([...at, "search", word, "--app", first.appName, "--limit", "3"]);
} else {
  process.stderr.write(pc.yellow(`(build apps/cli to run the sessionkit commands here)\n`));
}
endStep();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const t = report.totals;
process.stdout.write(
  [
    "",
    pc.bold(pc.green(`✔ demo finished in ${seconds(Date.now() - started)}`)),
    "",
    `verify: ${report.ok ? pc.green("clean") : pc.red("DRIFT")} — ${t.matched} sessions match, ${t.mismatched} mismatched; legacy ${t.legacy.sessions} sessions / ${t.legacy.events} events, target ${t.target.sessions} / ${t.target.events}; ${report.scopesCompared} app/user states compared`,
    `timings: ${timings.map(([name, ms]) => `${name} ${seconds(ms)}`).join(", ")}`,
    "",
    `everything is in ${dir}`,
    `  legacy JSON store  ${legacyRoot} (archived by finalize)`,
    `  SQLite store       ${db}`,
    `try: node apps/cli/dist/bin.js --db sqlite:${db} sessions list --app app-1`,
    `remove it all: rm -rf ${dir}`,
    "",
  ].join("\n"),
);
