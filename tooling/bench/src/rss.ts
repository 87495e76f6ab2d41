import { readFileSync, writeFileSync } from "node:fs";

/**
 * Peak resident set size of this process so far, in bytes: VmHWM from /proc (Linux), else
 * `process.resourceUsage().maxRSS` (which after fork+exec may include the parent's peak).
 */
export function peakRssBytes(): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Resets the peak RSS mark to the current RSS (Linux: writes 5 to /proc/self/clear_refs), so
 * the next {@link peakRssBytes} is the peak of what follows. Returns false where unsupported.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}
