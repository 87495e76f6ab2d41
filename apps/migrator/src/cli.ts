import {
  type ErrorOutputOptions,
  ExitCode,
  exitCodesHelp,
  readPackageVersion,
  reportError,
  usageErrorOutput,
} from "@sessionkit/core/cli";
import { Command, CommanderError, Option } from "commander";
import { backfillCommand } from "./commands/backfill.js";
import { cutoverCommand } from "./commands/cutover.js";
import { exportCommand } from "./commands/export.js";
import { finalizeCommand } from "./commands/finalize.js";
import { initCommand } from "./commands/init.js";
import { planCommand } from "./commands/plan.js";
import { repairCommand } from "./commands/repair.js";
import { rollbackCommand } from "./commands/rollback.js";
import { statusCommand } from "./commands/status.js";
import { verifyCommand } from "./commands/verify.js";
import { CommandContext, type GlobalOptions } from "./context.js";
import { BACKFILL_DEFAULTS } from "./estimate.js";
import { Output } from "./output.js";

const HELP_FOOTER = `
Phases: foundation → dual-write → target-primary → target-only (recorded in the target).
Legacy: json:<directory> (built-in layout), any store URL (sqlite:<file>, postgres://…, libsql:…)
        or module:<file.mjs> (a source module).
Target: sqlite:<file>, file:<file> / libsql://… / http(s)://… (libSQL), postgres://… (PostgreSQL).

${exitCodesHelp()}`;

/** The version in apps/migrator/package.json (next to dist/ at run time). */
const VERSION = readPackageVersion(new URL("../package.json", import.meta.url));

/** Signals that interrupt a command cleanly (exit 130, resumable). */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

type Action<O> = (ctx: CommandContext, options: O) => Promise<unknown>;

/**
 * Builds the sessionkit-migrate program; `setExit` receives each command's exit code, `errors`
 * says how parse errors are written (as every other error: stderr, JSON with --json).
 */
export function buildProgram(
  setExit: (code: number) => void,
  errors: ErrorOutputOptions = { json: false, debug: false },
): Command {
  const program = new Command("sessionkit-migrate")
    .description(
      "Move a live application's sessions from legacy JSON files to SQLite/libSQL in phases, without losing a write.",
    )
    .option("--target <url>", "target database URL (env SESSIONKIT_MIGRATE_TARGET)")
    .option(
      "--legacy <location>",
      "legacy location: json:<dir> or module:<file.mjs> (default: the one recorded by init)",
    )
    .version(VERSION, "-V, --version")
    .option("--json", "print the result as JSON on stdout (errors as one JSON line on stderr)")
    .option("--dry-run", "show what would change without writing anything")
    .option(
      "--lock-file <path>",
      "single-instance lock file (default: next to a local target, else in the temp dir)",
    )
    .option(
      "--refresh-ms <ms>",
      "the applications' phase refresh interval, used to wait for phase changes to reach them",
      "2000",
    )
    .option("-q, --quiet", "no progress output")
    .option("--debug", "print the stack and the cause chain of an error")
    .addHelpText("after", HELP_FOOTER)
    .configureOutput({ outputError: usageErrorOutput(errors) })
    .showSuggestionAfterError(true)
    .exitOverride();

  const run =
    <O>(action: Action<O>, createsTarget = false) =>
    async (options: O, command: Command) => {
      const globals = command.optsWithGlobals() as GlobalOptions;
      const ctx = new CommandContext(globals, createsTarget);
      let interrupts = 0;
      const onSignal = () => {
        interrupts++;
        if (interrupts > 1) process.exit(ExitCode.INTERRUPTED);
        ctx.out.note("interrupted: finishing the current step (press again to exit at once)…");
        ctx.controller.abort();
      };
      // A closed terminal (SIGHUP) stops a command as cleanly as Ctrl-C: the current batch is
      // committed or rolled back, so a resumed backfill loses nothing.
      for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
      try {
        await action(ctx, options);
        setExit(ExitCode.OK);
      } catch (error) {
        setExit(
          reportError(error, {
            json: Boolean(globals.json),
            debug: Boolean(globals.debug),
            red: ctx.out.colors.red,
          }),
        );
      } finally {
        for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
        await ctx.close();
      }
    };

  program
    .command("init")
    .description("create the target schema and the migration record (phase foundation)")
    .option("--dual-write", "start directly in dual-write")
    .action(run(initCommand, true));
  program
    .command("plan")
    .description("count the legacy data and estimate the backfill")
    .action(run((ctx) => planCommand(ctx)));
  program
    .command("backfill")
    .description("copy every legacy session into the target (batched, checkpointed, resumable)")
    .option(
      "--batch-size <n>",
      "sessions per batch transaction",
      String(BACKFILL_DEFAULTS.batchSize),
    )
    .option(
      "--batch-events <n>",
      "commit a batch early once it holds this many events",
      String(BACKFILL_DEFAULTS.batchEvents),
    )
    .option("--max-events-per-second <n>", "throttle")
    .option("--restart", "ignore the checkpoint and start over")
    .addOption(
      new Option(
        "--recheck <mode>",
        "catch sessions changed during their copy: full re-read, keys (deletions; content left to dual-write) or none",
      ).choices(["full", "keys", "none"]),
    )
    .option(
      "--defer-fulltext",
      "SQL targets: build the full-text index once after the copy, with progress, instead of per row (the default; several times faster)",
    )
    .option(
      "--no-defer-fulltext",
      "keep the per-row full-text index during the copy (slower; the index is complete at every moment)",
    )
    .option(
      "--skip-fulltext",
      "SQL targets: copy without the full-text index and leave it off — for applications that open the target with fullTextSearch: false (search scans); the next open with full-text search on (the default, e.g. the next sessionkit-migrate command) builds it",
    )
    .option(
      "--skip-corrupt",
      "skip legacy session files that cannot be read (damaged), copy everything else and list each skipped file with the reason (exit 5)",
    )
    .option("--offline", "allow running in foundation when no application writes the legacy store")
    .action(run(backfillCommand));
  program
    .command("verify")
    .description("compare legacy and target: counts per user and a content hash per session")
    .option("--no-scopes", "skip app and user state")
    .option("--users <n>", "users listed in the text report", "10")
    .option("--max-listed <n>", "mismatches listed at most", "1000")
    .action(run(verifyCommand));
  program
    .command("repair")
    .description(
      "drain the drift journal and re-copy mismatched sessions from the side holding the truth",
    )
    .option("--local-journal <file...>", "also drain these local journal files")
    .action(run(repairCommand));
  program
    .command("cutover")
    .description(
      "move one phase forward (foundation → dual-write → target-primary), with safety gates",
    )
    .addOption(
      new Option("--to <phase>", "the phase expected next (a safety check)").choices([
        "dual-write",
        "target-primary",
      ]),
    )
    .option(
      "--no-legacy-backup",
      "target-primary without legacy backup writes (rollback then needs export)",
    )
    .option("--skip-verify", "do not run verify as a gate (not recommended)")
    .action(run(cutoverCommand));
  program
    .command("finalize")
    .description(
      "archive the legacy root (tar.gz + sha256 manifest) and record target-only; resumable",
    )
    .option("--archive <file>", "archive path (default: <legacy root>.retired-<time>.tar.gz)")
    .option("--skip-verify", "do not run verify as a gate")
    .option("--remove-legacy", "delete the legacy root once the verified archive exists")
    .action(run(finalizeCommand));
  program
    .command("rollback")
    .description(
      "move one phase back (guarded: from target-primary only with a complete legacy copy or --export)",
    )
    .option("--export", "re-create the legacy copy from the target first")
    .action(run(rollbackCommand));
  program
    .command("export")
    .description("write the target back into the legacy JSON layout, then verify")
    .option("--to <location>", "json:<dir> to export into (default: the legacy root)")
    .option("--force", "allow exporting into the legacy root while it is the source of truth")
    .action(run(exportCommand));
  program
    .command("status")
    .description("show the phase, backfill checkpoint, drift journal and history")
    .option(
      "--mismatches",
      "list the newest recorded shadow-read mismatches (session, time, what differed)",
    )
    .option("--limit <n>", "how many --mismatches lists (default 20, newest first)")
    .action(run(statusCommand));
  return program;
}

/** Runs the CLI; resolves to the exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.OK;
  const json = argv.includes("--json");
  const errors = { json, debug: argv.includes("--debug"), red: new Output(json).colors.red };
  const program = buildProgram((c) => {
    code = c;
  }, errors);
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    return reportError(error, errors);
  }
}
