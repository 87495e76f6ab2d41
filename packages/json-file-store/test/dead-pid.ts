import { spawnSync } from "node:child_process";

/** The pid of a process that has already exited (so no process runs under it right now). */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}
