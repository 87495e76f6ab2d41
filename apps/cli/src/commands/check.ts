import type { IntegrityReport } from "@sessionkit/core";
import { ExitCode } from "@sessionkit/core/cli";
import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { withStore } from "../cli/with-store.js";
import { mergeSameProblems } from "../output/merge-problems.js";

/**
 * `check`: integrity check; exit code 4 when problems are found. Problems with the same
 * subject and message (a file no check can open) are printed once; --json prints the
 * adapter's report as it is.
 */
export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("check the store's integrity (exit code 4 when problems are found)")
    .action(async (_options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const report = await withStore(ctx, "read", (repo) => repo.checkIntegrity()).catch(
        unopenable,
      );
      if (!report.ok) process.exitCode = ExitCode.INTEGRITY;
      if (ctx.json) {
        ctx.printJson(report);
        return;
      }
      if (report.ok) {
        ctx.print(ctx.colors.green("OK: no integrity problems found."));
        return;
      }
      const problems = mergeSameProblems(report.problems);
      for (const problem of problems) {
        const where = problem.subject === undefined ? "" : `  ${problem.subject}`;
        ctx.print(`${ctx.colors.red("✗")} ${ctx.colors.bold(problem.kinds.join(", "))}${where}`);
        ctx.print(`  ${problem.message}`);
      }
      ctx.print(
        ctx.colors.red(
          `${problems.length} integrity ${problems.length === 1 ? "problem" : "problems"} found; restore the damaged items from a backup.`,
        ),
      );
    });
}

/**
 * A store too damaged to open is a finding of `check`, not a failure of it: one problem of
 * kind "corrupt-file" naming the file. Other failures are rethrown.
 */
function unopenable(error: unknown): IntegrityReport {
  if ((error as { code?: unknown } | null)?.code !== "CORRUPT") throw error;
  const subject = (error as { subject?: unknown }).subject;
  return {
    ok: false,
    problems: [
      {
        kind: "corrupt-file",
        message: (error as Error).message,
        ...(typeof subject === "string" ? { subject } : {}),
      },
    ],
  };
}
