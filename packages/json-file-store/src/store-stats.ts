import { readFile } from "node:fs/promises";
import type {
  CorruptHandler,
  ErrorContext,
  IntegrityProblem,
  RepositoryStats,
} from "@sessionkit/core";
import { corruptFileProblem, readOrReport } from "./corrupt-files.js";
import { classify } from "./file-kind.js";
import type { FileStore } from "./file-store.js";
import { FORMAT_VERSION } from "./format.js";
import { walkFiles } from "./store-walk.js";

/**
 * Counts by walking the tree: sessions and events from session headers (lastSeq), state keys
 * from session headers and state files, bytes of every file. Damaged session and state files
 * are left out of the counts, counted in `details.corruptFiles` and reported to `onCorrupt`.
 */
export async function computeStats(
  store: FileStore,
  ctx: ErrorContext,
  onCorrupt?: CorruptHandler,
): Promise<RepositoryStats> {
  const files = await walkFiles(store.root, ctx);
  let sessions = 0;
  let activeSessions = 0;
  let events = 0;
  let stateKeys = 0;
  let bytesOnDisk = 0;
  let sessionBytes = 0;
  let corruptFiles = 0;
  const report = (problem: IntegrityProblem) => {
    corruptFiles++;
    onCorrupt?.(problem);
  };
  for (const f of files) {
    bytesOnDisk += f.size;
    const kind = classify(f.relative, f.directory);
    if (kind === "session") {
      const h = await readOrReport(f.path, report, () => store.headers.read(f.path, ctx));
      if (!h) continue;
      sessions++;
      sessionBytes += f.size;
      if (h.status === "active") activeSessions++;
      events += h.lastSeq;
      stateKeys += Object.keys(h.state).length;
    } else if (kind === "app-state" || kind === "user-state") {
      try {
        stateKeys += Object.keys(JSON.parse(await readFile(f.path, "utf8")) as object).length;
      } catch (error) {
        report(corruptFileProblem(f.path, error));
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
    details: { files: files.length, sessionBytes, corruptFiles },
  };
}
