import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces); null if gone. */
function statFields(pid: number | string): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return (text.slice(text.lastIndexOf(") ") + 2) ?? "").split(" ");
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, ms) of process `root` and all its live children, plus what its
 * exited children used (their time is added to the parent's when it reaps them): a PostgreSQL
 * server's whole work, as the postmaster's backends come and go. NaN when `root` is unreadable.
 * Reads /proc once per process: call it at the start and the end of a run, not per call.
 */
export function processTreeCpuMs(root: number): number {
  const own = statFields(root);
  if (own === null) return Number.NaN;
  // Fields (0-based here; state is 0): 11 utime, 12 stime, 13 cutime, 14 cstime, 1 ppid.
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f === null || Number(f[1]) !== root) continue;
    ticks += Number(f[11]) + Number(f[12]);
  }
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : Number.NaN;
}
