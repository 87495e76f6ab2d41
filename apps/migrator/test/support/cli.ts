import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
export const WRITER = fileURLToPath(new URL("./writer.mjs", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built sessionkit-migrate as a child process (`env` added to this process's). */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function cli(...args: string[]): Promise<CliResult> {
  return startCli(args).done;
}

/** Parses the --json output of a command. */
export function json<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}

/** The `{ error }` document a failed --json run writes: one JSON line on stderr. */
export interface JsonError {
  error: { code: string; message: string; remedy: string; exitCode: number; details?: unknown };
}

/** Parses the JSON error line of a failed --json run (stderr; stdout keeps only results). */
export function jsonError(result: CliResult): JsonError {
  try {
    return JSON.parse(result.stderr.trim()) as JsonError;
  } catch {
    throw new Error(`not a JSON error line (exit ${result.code}): ${result.stderr}`);
  }
}

/** Starts the application stand-in that writes through a phased repository. */
export async function startWriter(config: {
  legacyRoot: string;
  db?: string;
  /** A libSQL file: URL used as the target instead of the SQLite `db`. */
  libsqlUrl?: string;
  refreshMs?: number;
  seed?: number;
}): Promise<{ stop: () => Promise<Record<string, unknown>> }> {
  const child = spawn(process.execPath, [WRITER, JSON.stringify(config)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("ready\n")) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`writer exited early (${code}): ${err}`));
    });
  });
  return {
    async stop() {
      child.stdin.write("stop\n");
      const code = await exited;
      if (code !== 0) throw new Error(`writer failed (${code}): ${err}`);
      const last = out.trim().split("\n").pop() as string;
      return JSON.parse(last) as Record<string, unknown>;
    },
  };
}
