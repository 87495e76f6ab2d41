import { readFile } from "node:fs/promises";
import type { ErrorContext, RepositoryStats } from "@sessionkit/core";
import { classify } from "./file-kind.js";
import type { FileStore } from "./file-store.js";
import { FORMAT_VERSION } from "./format.js";
import { walkFiles } from "./store-walk.js";

/**
 * Counts by walking the tree: sessions and events from session headers (lastSeq), state keys
 * from session headers and state files, bytes of every file. Damaged files are skipped here
 * (checkIntegrity reports them).
 */
export async function computeStats(store: FileStore, ctx: ErrorContext): Promise<RepositoryStats> {
  const files = await walkFiles(store.root, ctx);
  let sessions = 0;
  let activeSessions = 0;
  let events = 0;
  let stateKeys = 0;
  let bytesOnDisk = 0;
  let sessionBytes = 0;
  for (const f of files) {
    bytesOnDisk += f.size;
    const kind = classify(f.relative, f.directory);
    if (kind === "session") {
      const h = await store.headers.read(f.path, ctx).catch(() => null);
      if (!h) continue;
      sessions++;
      sessionBytes += f.size;
      if (h.status === "active") activeSessions++;
      events += h.lastSeq;
      stateKeys += Object.keys(h.state).length;
    } else if (kind === "app-state" || kind === "user-state") {
      try {
        stateKeys += Object.keys(JSON.parse(await readFile(f.path, "utf8")) as object).length;
      } catch {
        // Damaged: reported by checkIntegrity.
      }
    }
  }
  return {
    sessions,
    activeSessions,
    events,
    stateKeys,
    bytesOnDisk,
    schemaVersion: FORMAT_VERSION,
    details: { files: files.length, sessionBytes },
  };
}
