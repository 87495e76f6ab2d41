import { rm } from "node:fs/promises";
import type { SessionRepository } from "@sessionkit/core";
import { openTarget, targetFile } from "./stores.js";

/** A consistent, read-only-by-convention copy of the target taken at one moment. */
export interface TargetSnapshot {
  /** The copy, opened with the target's adapter. */
  repo: SessionRepository;
  /** When the copy was taken (ms since the epoch). */
  takenAt: number;
  /** The position of the snapshot: what the target held at that moment. */
  sessions: number;
  events: number;
  /** Size of the copy in bytes. */
  bytes: number;
  /** Closes the copy and deletes its files. */
  dispose(): Promise<void>;
}

/**
 * Takes a consistent copy of a local target (the adapter's online `backup`: SQLite's backup API,
 * libSQL's `VACUUM INTO`, both one read snapshot while writers go on) next to the database, and
 * opens it. Returns null when the target cannot be copied (remote libSQL, in-memory): the caller
 * then reads the live target.
 */
export async function takeTargetSnapshot(
  url: string,
  target: SessionRepository,
): Promise<TargetSnapshot | null> {
  const file = targetFile(url);
  if (file === null || !target.capabilities.backup) return null;
  const copy = `${file}.export-snapshot-${Date.now().toString(36)}`;
  const files = [copy, `${copy}-wal`, `${copy}-shm`, `${copy}.partial`];
  const remove = async () => {
    for (const f of files) await rm(f, { force: true });
  };
  try {
    const takenAt = Date.now();
    const { bytes } = await target.backup(copy);
    const scheme = /^sqlite:/i.test(url) ? "sqlite" : "file";
    const repo = await openTarget(`${scheme}:${copy}`);
    const stats = await repo.stats();
    return {
      repo,
      takenAt,
      sessions: stats.sessions,
      events: stats.events,
      bytes,
      async dispose() {
        try {
          await repo.close();
        } finally {
          await remove();
        }
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
