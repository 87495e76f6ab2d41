import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A real PostgreSQL cluster for tests: `initdb` into a temp directory, `postgres` started on a
 * free loopback port (and a Unix socket in the same directory), stopped with `stop()`. The
 * binaries come from PATH or /usr/lib/postgresql/<version>/bin; when they are missing this
 * throws (the suite fails loudly — never a silent skip). As root (CI containers), the server
 * runs as the `postgres` user (or `nobody`): PostgreSQL refuses to run as root.
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server (fast shutdown) and keeps the data directory. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  startServer(): Promise<void>;
  /** Stops the server and removes the directory. */
  stop(): Promise<void>;
  /**
   * Synchronously kills the server (SIGKILL) and removes the directory: for `process.on("exit")`
   * hooks, where nothing can be awaited. Idempotent.
   */
  kill(): void;
}

/** The directory holding initdb/postgres. */
export function pgBinDir(): string {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres"))) return dir;
  }
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions)
      if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  }
  throw new Error(
    "PostgreSQL server binaries (initdb, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin: install postgresql (Debian: apt-get install postgresql) to run the @sessionkit/postgres tests",
  );
}

function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      return { uid, gid };
    } catch {
      // try the next one
    }
  }
  throw new Error(
    "running as root and neither a postgres nor a nobody user exists to run PostgreSQL as",
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`postgres exited with ${server.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`postgres did not accept connections within 30 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Creates and starts a fresh cluster. */
export async function startPgCluster(settings: string[] = []): Promise<PgCluster> {
  const bin = pgBinDir();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-pg-"));
  const dataDir = join(dir, "data");
  if (user) chownSync(dir, user.uid, user.gid);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  execFileSync(
    join(bin, "initdb"),
    ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
    { stdio: "pipe", ...asUser, cwd: dir },
  );
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | null = null;
  let output = "";
  const startServer = async () => {
    output = "";
    server = spawn(
      join(bin, "postgres"),
      [
        "-D",
        dataDir,
        "-p",
        String(port),
        "-k",
        dir,
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "max_connections=300",
        "-c",
        "shared_buffers=64MB",
        "-c",
        "fsync=off",
        "-c",
        "full_page_writes=off",
        ...settings.flatMap((s) => ["-c", s]),
      ],
      { stdio: ["ignore", "pipe", "pipe"], ...asUser, cwd: dir },
    );
    server.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    server.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    await waitReady(url, server, () => output);
  };
  const stopServer = async () => {
    const s = server as ChildProcess | null;
    if (!s || s.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      s.once("exit", () => resolve());
      s.kill("SIGINT"); // fast shutdown: aborts transactions, flushes, exits
    });
    server = null;
  };
  await startServer();
  return {
    url,
    port,
    dataDir,
    startServer,
    stopServer,
    async stop() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
    kill() {
      const s = server as ChildProcess | null;
      if (s && s.exitCode === null) s.kill("SIGKILL");
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
