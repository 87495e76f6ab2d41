import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PgCluster, startPgCluster } from "@sessionkit/postgres/testing";
import { processTreeCpuMs } from "../../concurrency/process-tree-cpu.js";

/**
 * The PostgreSQL server of the postgres subjects: one per bench process, started on first use
 * (initdb in a temp directory, as the package's tests do) and stopped at exit; every subject
 * opens its own schema, so floor and adapter never share tables. The server is tuned like a
 * default install (fsync on, synchronous_commit on), so a commit costs what it costs in production.
 */
let cluster: Promise<PgCluster> | null = null;
/** The started server's data directory (its postmaster.pid names the postmaster). */
let dataDir: string | null = null;
let schemas = 0;

/** The server's URL and a schema no other subject of this process uses. */
export async function benchPostgres(): Promise<{ url: string; schema: string }> {
  cluster ??= startPgCluster(["fsync=on", "full_page_writes=on"]).then((c) => {
    process.once("exit", () => c.kill());
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        void c.stop().finally(() => process.exit(130));
      });
    }
    return c;
  });
  const c = await cluster;
  dataDir = c.dataDir;
  schemas += 1;
  return { url: c.url, schema: `bench_${process.pid}_${schemas}` };
}

/** Stops the server now (the harness's end of run; the exit hook is the fallback). */
export async function stopBenchPostgres(): Promise<void> {
  const c = cluster;
  cluster = null;
  dataDir = null;
  if (c) await (await c).stop();
}

/**
 * CPU time (ms) of the bench's PostgreSQL server so far: the postmaster and all its backends and
 * helper processes. NaN when no server runs (or /proc is unreadable).
 */
export function benchPostgresCpuMs(): number {
  if (dataDir === null) return Number.NaN;
  try {
    const pid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? processTreeCpuMs(pid) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
