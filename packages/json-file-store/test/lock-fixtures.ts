import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** A child process holding the lock on `target`; resolves once it holds it. */
export function holdLock(
  target: string,
  mode: "adapter" | "plain",
  staleMs: number,
  children: ChildProcess[],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [
    new URL("./hold-lock-child.mjs", import.meta.url).pathname,
    target,
    mode,
    String(staleMs),
  ]);
  children.push(child);
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("locked")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`lock holder exited (${code}): ${err}`)));
  });
}

/** Kills `child` with SIGKILL and waits until it is gone. */
export async function sigkill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/**
 * Plants a lock directory on `target` with a sidecar naming `pid` on `host`, as a holder that
 * then died would leave it. `forDirectory: false` writes a sidecar that belongs to an earlier
 * lock directory (another inode), which proves nothing.
 */
export async function plantLock(
  target: string,
  pid: number,
  host = hostname(),
  forDirectory = true,
): Promise<void> {
  await mkdir(`${target}.lock`);
  const s = await stat(`${target}.lock`);
  await writeFile(
    `${target}.lock.owner`,
    JSON.stringify({
      pid,
      host,
      token: "planted",
      dev: s.dev,
      ino: forDirectory ? s.ino : s.ino + 1,
      birthtimeMs: s.birthtimeMs,
    }),
  );
}

/**
 * Every entry under `dir` with its type, and the SHA-256 of each file's bytes plus its size
 * and mtime: equal results mean nothing was created, removed or modified.
 */
export async function treeFingerprint(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string, rel: string) => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(d, e.name);
      const r = `${rel}/${e.name}`;
      const s = await stat(path);
      if (e.isDirectory()) {
        out.push(`dir ${r} mtime=${s.mtimeMs}`);
        await visit(path, r);
      } else {
        const hash = createHash("sha256")
          .update(await readFile(path))
          .digest("hex");
        out.push(`file ${r} ${s.size} mtime=${s.mtimeMs} ${hash}`);
      }
    }
  };
  await visit(dir, "");
  return out;
}
