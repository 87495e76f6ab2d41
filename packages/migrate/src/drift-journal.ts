import { open, readFile, rename } from "node:fs/promises";
import type { JsonObject, SessionKey, SessionOperations, StateScope } from "@sessionkit/core";
import { DRIFT_PREFIX, uniqueSuffix } from "./meta-names.js";

/** Which store fell behind: "target" in dual-write, "legacy" in target-primary (backup writes). */
export type DriftSide = "target" | "legacy";

/**
 * One write that reached the primary store but not the secondary. The reconciler (`repair`)
 * re-copies the named session, scope or meta entry from the source of truth of the current phase.
 */
export interface DriftEntry {
  side: DriftSide;
  /** The repository operation that was being mirrored, e.g. "appendEvent". */
  operation: string;
  key?: SessionKey;
  scope?: StateScope;
  meta?: string;
  /** For operations spanning many sessions (purgeExpired): repair must verify everything. */
  global?: boolean;
  at: number;
  code?: string;
  error: string;
}

/** A stored entry with its meta name (used to delete it once repaired). */
export interface StoredDriftEntry extends DriftEntry {
  name: string;
}

export function driftPrefix(side?: DriftSide): string {
  return side ? `${DRIFT_PREFIX}${side}:` : DRIFT_PREFIX;
}

/** Appends an entry to the durable journal in the target's meta table. */
export async function appendDrift(target: SessionOperations, entry: DriftEntry): Promise<string> {
  const name = `${driftPrefix(entry.side)}${uniqueSuffix(entry.at)}`;
  await target.setMeta(name, entry as unknown as JsonObject);
  return name;
}

/** Reads journal entries page by page, oldest first. */
export async function* readDrift(
  target: SessionOperations,
  side?: DriftSide,
): AsyncIterable<StoredDriftEntry> {
  let after: string | undefined;
  for (;;) {
    const page = await target.listMeta(driftPrefix(side), { limit: 500, after });
    for (const e of page) yield { ...(e.value as unknown as DriftEntry), name: e.name };
    if (page.length < 500) return;
    after = page[page.length - 1]?.name;
  }
}

/** Number of journal entries (stops counting at `cap`). */
export async function countDrift(
  target: SessionOperations,
  side?: DriftSide,
  cap = Number.POSITIVE_INFINITY,
): Promise<number> {
  let n = 0;
  for await (const _ of readDrift(target, side)) {
    n++;
    if (n >= cap) break;
  }
  return n;
}

/**
 * The local fallback journal: a JSON-lines file used when the target itself cannot be reached
 * to record the drift. Each line is fsynced. `sessionkit-migrate repair --local-journal <file>`
 * drains it.
 */
export async function appendLocalDrift(path: string, entry: DriftEntry): Promise<void> {
  const handle = await open(path, "a");
  try {
    await handle.write(`${JSON.stringify(entry)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads a local journal file; a torn last line (crash mid-append) is ignored. */
export async function readLocalDrift(path: string): Promise<DriftEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const out: DriftEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line) as DriftEntry);
    } catch {
      // torn tail of an interrupted append
    }
  }
  return out;
}

/** Moves a drained local journal aside (kept for audit) so it is not replayed twice. */
export async function retireLocalDrift(path: string): Promise<string> {
  const to = `${path}.drained-${Date.now()}`;
  await rename(path, to);
  return to;
}
