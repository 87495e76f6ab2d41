import { execFileSync } from "node:child_process";
import { BIN } from "./cli.js";

/** Whether util-linux `script` is installed (the pseudo-terminal the TTY tests need). */
export const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** What a run in a pseudo-terminal showed (stdout and stderr together) and its exit code. */
export interface TerminalRun {
  output: string;
  code: number;
}

/**
 * Runs the CLI inside a pseudo-terminal (util-linux `script`), so stdin, stdout and stderr are
 * a TTY; `input` is typed at the terminal. Returns everything the terminal showed and the
 * exit code.
 */
export function runInTerminal(
  args: string[],
  env: Record<string, string> = {},
  input = "",
): TerminalRun {
  const command = [process.execPath, BIN, ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(" ");
  const cleanEnv: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color", ...env };
  delete cleanEnv.FORCE_COLOR;
  if (!("NO_COLOR" in env)) delete cleanEnv.NO_COLOR;
  for (const name of Object.keys(cleanEnv)) {
    if (name.startsWith("SESSIONKIT_") && !(name in env)) delete cleanEnv[name];
  }
  try {
    const output = execFileSync("script", ["-qec", command, "/dev/null"], {
      env: cleanEnv,
      encoding: "utf8",
      input,
    });
    return { output, code: 0 };
  } catch (error) {
    const failed = error as { status?: number | null; stdout?: string };
    if (typeof failed.status !== "number") throw error;
    return { output: failed.stdout ?? "", code: failed.status };
  }
}
