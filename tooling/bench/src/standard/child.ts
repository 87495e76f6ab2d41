import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StandardSizes } from "./sizes.js";
import type { BlockTimes, WorkloadResult } from "./workloads.js";

const WORKER = fileURLToPath(new URL("./worker.js", import.meta.url));

/** What a worker prints: each subject's results, and the block times of an interleaved run. */
export interface ChildOutput {
  results: WorkloadResult[][];
  blockTimes: BlockTimes;
}

/**
 * Runs the standard workloads on `subjects` in a fresh child process and directory: one
 * subject alone, or several interleaved in `blocks` blocks per workload. Rejects on a crash,
 * a timeout or unreadable output.
 */
export function runChild(
  subjects: string[],
  sizes: StandardSizes,
  blocks: number,
  timeoutMs: number,
): Promise<ChildOutput> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-std-"));
  return new Promise<ChildOutput>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", WORKER, JSON.stringify({ subjects, dir, sizes, blocks })],
      { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("close", (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      const last = out.trim().split("\n").at(-1) ?? "";
      let parsed: ChildOutput | undefined;
      try {
        parsed = code === 0 ? (JSON.parse(last) as ChildOutput) : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed) resolve(parsed);
      else {
        const why = signal
          ? `killed (${signal}) after ${timeoutMs / 1000} s`
          : code === 0
            ? "unreadable output"
            : `exit ${code}`;
        reject(new Error(`${why}: ${err.trim().split("\n").slice(-3).join(" | ")}`));
      }
    });
  });
}
