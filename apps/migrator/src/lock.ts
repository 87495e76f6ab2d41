import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { CliError } from "@sessionkit/core/cli";
import lockfile from "proper-lockfile";

interface Owner {
  pid: number;
  host: string;
  startedAt: number;
}

function readOwner(file: string): { text: string; owner: Owner } | null {
  try {
    const text = readFileSync(`${file}.owner`, "utf8");
    return { text, owner: JSON.parse(text) as Owner };
  } catch {
    return null;
  }
}

function isDead(owner: Owner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function tryLock(file: string, onCompromised: (error: Error) => void) {
  return lockfile.lock(file, {
    realpath: false,
    stale: 10_000,
    update: 2_000,
    retries: 0,
    onCompromised,
  });
}

/**
 * The single-instance migration lock (proper-lockfile: an atomic mkdir, refreshed every 2 s,
 * stale after 10 s). The holder's pid and host are written next to it, so a lock left by a
 * migrator killed on this host (kill -9) is taken over at once instead of after 10 s.
 */
export async function acquireLock(
  file: string,
  onCompromised: (error: Error) => void,
): Promise<() => Promise<void>> {
  mkdirSync(dirname(file), { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await tryLock(file, onCompromised);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    const held = readOwner(file);
    const current = held ? readOwner(file) : null;
    if (held && current?.text === held.text && isDead(held.owner)) {
      rmSync(`${file}.lock`, { recursive: true, force: true });
      try {
        release = await tryLock(file, onCompromised);
      } catch {
        throw locked(file, held.owner);
      }
    } else {
      throw locked(file, held?.owner);
    }
  }
  writeFileSync(
    `${file}.owner`,
    JSON.stringify({ pid: process.pid, host: hostname(), startedAt: Date.now() } satisfies Owner),
  );
  return async () => {
    rmSync(`${file}.owner`, { force: true });
    await release();
  };
}

function locked(file: string, owner?: Owner): CliError {
  return new CliError(
    "LOCKED",
    `another sessionkit-migrate is running against this target${owner ? ` (pid ${owner.pid} on ${owner.host})` : ""}; lock ${file}.lock`,
    "wait for it to finish; a lock left by a killed migrator on this host is taken over at once, on another host after 10 seconds",
  );
}
