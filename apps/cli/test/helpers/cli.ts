import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built binary under test. */
export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Added to a clean environment (no SESSIONKIT_*, NO_COLOR or FORCE_COLOR inherited). */
  env?: Record<string, string>;
  cwd?: string;
}

/** A running CLI process whose output is collected as it arrives. */
export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout (or stderr) contains `text`. */
  waitFor(text: string, stream?: "stdout" | "stderr"): Promise<void>;
  exited: Promise<CliResult>;
}

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("SESSIONKIT_") || name === "NO_COLOR" || name === "FORCE_COLOR") continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Starts `node dist/bin.js ...args` as a child process. */
export function startCli(args: string[], options: CliRunOptions = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cleanEnv(options.env),
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    wake();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    wake();
  });
  const exited = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => {
      wake();
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitFor = (text: string, stream: "stdout" | "stderr" = "stdout") =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if ((stream === "stdout" ? stdout : stderr).includes(text)) resolve();
        else if (child.exitCode !== null || child.signalCode !== null) {
          reject(
            new Error(`CLI exited before printing ${JSON.stringify(text)}:\n${stdout}\n${stderr}`),
          );
        } else waiters.push(check);
      };
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, exited };
}

/** Runs `node dist/bin.js ...args` to completion. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  return startCli(args, options).exited;
}

/** Runs the CLI with --json and parses stdout. */
export async function runJson<T>(args: string[], options: CliRunOptions = {}): Promise<T> {
  const result = await runCli([...args, "--json"], options);
  if (result.code !== 0) {
    throw new Error(`exit ${result.code}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}

/** The `{ error }` document a --json run writes to stderr on failure. */
export interface JsonError {
  error: { code: string; message: string; remedy: string; exitCode: number };
}

/** Parses the JSON error line of a failed --json run. */
export function parseJsonError(result: CliResult): JsonError {
  return JSON.parse(result.stderr.trim()) as JsonError;
}
