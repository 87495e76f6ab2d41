import type { CorruptHandler, IntegrityProblem } from "@sessionkit/core";
import { ExitCode } from "@sessionkit/core/cli";
import type { CliContext } from "./context.js";

/** Collects the damaged files a scan left out, to report them after the output. */
export interface SkippedFiles {
  /** Pass as the `onCorrupt` option of listSessions, searchEvents or stats. */
  readonly onCorrupt: CorruptHandler;
  /**
   * Names every skipped file on stderr (one JSON line `{ "corruptFiles": [...] }` with --json)
   * and sets exit code 5 (PARTIAL); does nothing when none was skipped.
   */
  report(ctx: CliContext): void;
}

/** A fresh collector of skipped damaged files. */
export function skippedFiles(): SkippedFiles {
  const problems: IntegrityProblem[] = [];
  return {
    onCorrupt: (problem) => {
      problems.push(problem);
    },
    report(ctx) {
      if (problems.length === 0) return;
      process.exitCode = ExitCode.PARTIAL;
      const files = problems.map((p) => ({ file: p.subject ?? null, message: p.message }));
      if (ctx.json) {
        process.stderr.write(`${JSON.stringify({ corruptFiles: files })}\n`);
        return;
      }
      const red = ctx.errColors.red;
      for (const file of files) {
        process.stderr.write(
          `${red("warning:")} skipped damaged file ${file.file}: ${file.message}\n`,
        );
      }
      const count =
        files.length === 1 ? "1 damaged file was" : `${files.length} damaged files were`;
      process.stderr.write(
        `${red("warning:")} ${count} left out of the output above (exit ${ExitCode.PARTIAL}); restore ${files.length === 1 ? "it" : "them"} from a backup; \`sessionkit check\` lists every damaged file\n`,
      );
    },
  };
}
