import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type ErrorContext, SessionKitError } from "@sessionkit/core";
import { invalidArgument } from "@sessionkit/core/adapter-kit";
import { removeFileDurably, writeFileAtomic } from "./durable-fs.js";
import { context, toStoreError } from "./errors.js";
import { StoreLayout } from "./layout.js";

/** What `sessionkit-retired.json` says: when the store was retired and what replaced it. */
export interface StoreRetirement {
  /** The store that holds the sessions now, e.g. `sqlite:/var/lib/app/sessions.db`. */
  successor: string;
  /** When the store was retired (ms since the epoch). */
  retiredAt: number;
}

/**
 * Marks the JSON store at `root` as retired in favour of `successor`: from then on every write
 * through a JsonFileRepository (any process, including ones already open) fails with RETIRED
 * naming `successor`; reads go on working. Migration tools call it when they finalize a
 * migration away from this store. Idempotent: retiring again replaces the record.
 * @throws INVALID_ARGUMENT for an empty successor; NOT_FOUND when `root` is not a JSON store.
 */
export async function retireJsonStore(
  root: string,
  retirement: { successor: string; retiredAt?: number },
): Promise<StoreRetirement> {
  const layout = new StoreLayout(resolve(root));
  const ctx = context("retire", layout.root);
  if (typeof retirement?.successor !== "string" || retirement.successor.trim() === "") {
    throw invalidArgument(
      ctx,
      "retirement.successor",
      "must name the store that replaces this one",
    );
  }
  await assertJsonStore(layout, ctx);
  const record: StoreRetirement = {
    successor: retirement.successor,
    retiredAt: retirement.retiredAt ?? Date.now(),
  };
  try {
    await writeFileAtomic(layout.retiredFile, `${JSON.stringify(record)}\n`, true);
  } catch (error) {
    throw toStoreError(error, ctx, layout.retiredFile);
  }
  return record;
}

/**
 * Removes the retirement of the JSON store at `root` (for a rollback that writes to it again).
 * Returns false when it was not retired.
 */
export async function reinstateJsonStore(root: string): Promise<boolean> {
  const layout = new StoreLayout(resolve(root));
  const ctx = context("reinstate", layout.root);
  await assertJsonStore(layout, ctx);
  try {
    return await removeFileDurably(layout.retiredFile, true);
  } catch (error) {
    throw toStoreError(error, ctx, layout.retiredFile);
  }
}

/** The retirement of the JSON store at `root`, or null when it is not retired. */
export async function readStoreRetirement(root: string): Promise<StoreRetirement | null> {
  const layout = new StoreLayout(resolve(root));
  return readRetirement(layout, context("readStoreRetirement", layout.root));
}

/** Reads `sessionkit-retired.json`; null when absent. @throws CORRUPT when unreadable. */
export async function readRetirement(
  layout: StoreLayout,
  ctx: ErrorContext,
): Promise<StoreRetirement | null> {
  let text: string;
  try {
    text = await readFile(layout.retiredFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw toStoreError(error, ctx, layout.retiredFile);
  }
  let parsed: Partial<StoreRetirement> | null = null;
  try {
    parsed = JSON.parse(text) as Partial<StoreRetirement>;
  } catch {
    // reported below
  }
  if (typeof parsed?.successor !== "string" || typeof parsed.retiredAt !== "number") {
    throw new SessionKitError({
      ...ctx,
      code: "CORRUPT",
      subject: layout.retiredFile,
      problem: `${layout.retiredFile} is damaged: it must hold {"successor": string, "retiredAt": number}`,
      remedy:
        "restore it (the store stays retired while it exists), or remove it with reinstateJsonStore to write to this store again",
    });
  }
  return { successor: parsed.successor, retiredAt: parsed.retiredAt };
}

/**
 * Throws RETIRED naming the successor when the store is retired: the check every write makes
 * before it commits anything.
 */
export async function assertNotRetired(layout: StoreLayout, ctx: ErrorContext): Promise<void> {
  const retirement = await readRetirement(layout, ctx);
  if (retirement === null) return;
  throw new SessionKitError({
    ...ctx,
    code: "RETIRED",
    subject: layout.root,
    problem: `${layout.root} was retired on ${new Date(retirement.retiredAt).toISOString()}; its sessions live in ${retirement.successor} now, and this store is never written again`,
    remedy: `write to ${retirement.successor} instead (e.g. --db ${retirement.successor}); reads of this store still work`,
  });
}

async function assertJsonStore(layout: StoreLayout, ctx: ErrorContext): Promise<void> {
  try {
    await readFile(layout.markerFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw toStoreError(error, ctx);
    throw new SessionKitError({
      ...ctx,
      code: "NOT_FOUND",
      subject: layout.root,
      problem: `${layout.root} is not a sessionkit JSON store (no sessionkit.json)`,
      remedy: "pass the root of the JSON store (the directory that holds sessionkit.json)",
    });
  }
}
