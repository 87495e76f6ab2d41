import { randomBytes } from "node:crypto";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";

/** Marks temp files: `<target>.tmp-<pid>-<8 hex>`. */
export const TEMP_MARKER = ".tmp-";
export const TEMP_NAME = /\.tmp-(\d+)-[0-9a-f]{8}$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * fsyncs a directory so that a rename or creation inside it survives power loss. Windows cannot
 * open directories for fsync: there it is a best-effort no-op (documented in the README).
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EBADF") throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Creates `dir` and its missing parents, fsyncing each parent whose entry was created so the
 * new directories survive power loss. Returns true when anything was created.
 */
export async function ensureDirectory(dir: string, durable: boolean): Promise<boolean> {
  try {
    if ((await stat(dir)).isDirectory()) return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const parent = dirname(dir);
  if (parent !== dir) await ensureDirectory(parent, durable);
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  if (durable) await fsyncDirectory(parent);
  return true;
}

/** Renames with a short bounded retry for the transient EPERM/EBUSY/EACCES of Windows. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = code === "EPERM" || code === "EBUSY" || code === "EACCES";
      if (!transient || process.platform !== "win32" || attempt >= 10) throw error;
      await sleep(10 * (attempt + 1));
    }
  }
}

/**
 * Replaces `target` atomically and durably: writes a unique temp file beside it, fsyncs it,
 * renames it over the target and fsyncs the directory. A crash at any point leaves the old or
 * the new file, never a torn one (at worst a stray temp file, which checkIntegrity reports and
 * the next open or maintain() removes). With `durable` false the two fsyncs are skipped (atomic, not durable).
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  durable: boolean,
  /** Runs after the temp file is complete, right before the rename; a throw aborts the write. */
  beforeRename?: () => Promise<void>,
): Promise<void> {
  const temp = `${target}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString("hex")}`;
  const handle = await open(temp, "wx", 0o666);
  try {
    try {
      await handle.writeFile(data);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename?.();
    await renameWithRetry(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (durable) await fsyncDirectory(dirname(target));
}

/** Removes a file and fsyncs its directory. Returns false when it did not exist. */
export async function removeFileDurably(
  target: string,
  durable: boolean,
  /** Runs right before the unlink; a throw aborts it. */
  beforeRemove?: () => Promise<void>,
): Promise<boolean> {
  await beforeRemove?.();
  try {
    await unlink(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  if (durable) await fsyncDirectory(dirname(target));
  return true;
}

/** Whether a process with this pid exists on this machine. */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
