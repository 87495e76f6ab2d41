import { readdir, readFile } from "node:fs/promises";
import { SessionKitError } from "@sessionkit/core";
import { ensureDirectory, writeFileAtomic } from "./durable-fs.js";
import { context, toStoreError } from "./errors.js";
import { FORMAT_NAME, FORMAT_VERSION, MARKER_TEXT } from "./format.js";
import type { StoreLayout } from "./layout.js";

/**
 * Checks `<root>/sessionkit.json` before anything else is read. A root without it is refused
 * (unless `create`, which initializes an empty root); an unknown format or version is refused
 * with SCHEMA; nothing is ever written to a root that failed these checks.
 */
export async function verifyStoreMarker(layout: StoreLayout, create: boolean): Promise<void> {
  const ctx = context("open", layout.root);
  const file = layout.markerFile;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw toStoreError(error, ctx, file);
    if (!create) {
      throw new SessionKitError({
        ...ctx,
        code: "NOT_FOUND",
        subject: layout.root,
        problem: `${layout.root} is not a sessionkit JSON store (no sessionkit.json)`,
        remedy:
          "check the path, or pass create: true (json: URLs: ?create) to initialize a new empty store there",
      });
    }
    await initialize(layout);
    return;
  }
  let parsed: { format?: unknown; version?: unknown };
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (cause) {
    throw new SessionKitError({
      ...ctx,
      code: "CORRUPT",
      subject: file,
      problem: `${file} is not valid JSON`,
      remedy: `restore it; its content must be ${MARKER_TEXT.trim()}`,
      cause,
    });
  }
  if (parsed?.format !== FORMAT_NAME) {
    throw new SessionKitError({
      ...ctx,
      code: "SCHEMA",
      subject: file,
      problem: `${file} names format ${JSON.stringify(parsed?.format)}, not "${FORMAT_NAME}"`,
      remedy: "point root at a sessionkit JSON store",
    });
  }
  if (parsed.version !== FORMAT_VERSION) {
    throw new SessionKitError({
      ...ctx,
      code: "SCHEMA",
      subject: file,
      problem: `${file} declares format version ${JSON.stringify(parsed.version)}; this code reads version ${FORMAT_VERSION} only`,
      remedy:
        "upgrade @sessionkit/json-file-store to a version that knows this format; the store was not modified",
    });
  }
}

async function initialize(layout: StoreLayout): Promise<void> {
  const ctx = context("open", layout.root);
  try {
    await ensureDirectory(layout.root, true);
    const entries = (await readdir(layout.root)).filter(
      (n) => !n.startsWith(".") && n !== "sessionkit.json",
    );
    if (entries.length > 0) {
      // Another process may have initialized the root meanwhile.
      const now = await readFile(layout.markerFile, "utf8").catch(() => null);
      if (now === MARKER_TEXT) return;
      throw new SessionKitError({
        ...ctx,
        code: "INVALID_ARGUMENT",
        subject: layout.root,
        problem: `${layout.root} is a non-empty directory without sessionkit.json (holds ${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""})`,
        remedy: "initialize a store in an empty or new directory",
      });
    }
    await writeFileAtomic(layout.markerFile, MARKER_TEXT, true);
  } catch (error) {
    throw toStoreError(error, ctx, layout.markerFile);
  }
}
