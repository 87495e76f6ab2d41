import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The absolute path of a runner script shipped in this package's dist/child. When the suite
 * itself runs from TypeScript sources, the built copy in dist is used (build first).
 */
export function childScript(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromBuild = resolve(here, "../child", `${name}.js`);
  if (!import.meta.url.endsWith(".ts")) return fromBuild;
  const fromSource = resolve(here, "../../dist/child", `${name}.js`);
  if (!existsSync(fromSource)) {
    throw new Error(
      `${fromSource} is missing: build @sessionkit/conformance (tsc -p tsconfig.build.json) first`,
    );
  }
  return fromSource;
}

/** A running child process whose stdout is read line by line. */
export class ChildRunner {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  private stderr = "";
  private waiters: Array<() => void> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(script: string, config: unknown) {
    this.child = spawn(process.execPath, [script, JSON.stringify(config)], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let buffer = "";
    this.child.stdout?.setEncoding("utf8");
    this.child.stdout?.on("data", (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        this.lines.push(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolveExit) => {
      this.child.on("exit", (code, signal) => {
        for (const wake of this.waiters.splice(0)) wake();
        resolveExit({ code, signal });
      });
    });
  }

  get errorOutput(): string {
    return this.stderr;
  }

  /** Waits until some line satisfies `match` (returns its index), failing on exit or timeout. */
  async waitForLine(
    match: (line: string) => boolean,
    timeoutMs: number,
    from = 0,
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((line, i) => i >= from && match(line));
      if (index >= 0) return index;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `child exited (${this.child.exitCode ?? this.child.signalCode}) before the expected line; stderr: ${this.stderr}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `child printed no expected line within ${timeoutMs} ms; stderr: ${this.stderr}`,
        );
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 1_000));
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** Waits for the child to exit, failing with its stderr when it does not within `timeoutMs`. */
  async waitForExit(
    timeoutMs: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`child did not exit within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes one line to the child's stdin. */
  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}
