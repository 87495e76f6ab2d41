import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { create, list } from "tar";

export interface ManifestFile {
  /** Path inside the archive: `<root name>/<relative path>` with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

/** The checksum manifest written next to the archive of the retired legacy root. */
export interface ArchiveManifest {
  format: "sessionkit-migrate-archive";
  version: 1;
  root: string;
  createdAt: number;
  files: ManifestFile[];
  totalBytes: number;
  archive: string;
  archiveSha256: string | null;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function* walk(dir: string): AsyncIterable<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

/**
 * Called as archiving advances: files hashed for the manifest ("manifest"), files written into
 * the archive ("archive"), files read back and checked ("check"); `total` is null while the
 * manifest is being built (the file count is not known yet).
 */
export type ArchiveProgress = (
  stage: "manifest" | "archive" | "check",
  files: number,
  total: number | null,
) => void;

/** Lists every regular file under `root` with its size and sha256 (sorted, streaming reads). */
export async function buildManifest(
  root: string,
  archive: string,
  onProgress?: ArchiveProgress,
): Promise<ArchiveManifest> {
  const name = basename(root);
  const files: ManifestFile[] = [];
  let totalBytes = 0;
  for await (const file of walk(root)) {
    const st = await stat(file);
    const rel = relative(root, file).split(sep).join("/");
    files.push({ path: `${name}/${rel}`, bytes: st.size, sha256: await sha256File(file) });
    totalBytes += st.size;
    onProgress?.("manifest", files.length, null);
  }
  return {
    format: "sessionkit-migrate-archive",
    version: 1,
    root,
    createdAt: Date.now(),
    files,
    totalBytes,
    archive,
    archiveSha256: null,
  };
}

/**
 * Writes a gzipped tarball of `root` to `archive` (via a `.partial` file renamed at the end, so
 * an interrupted run never leaves a torn archive under the final name), then reads it back and
 * checks every file against the manifest. @returns the archive's sha256.
 */
export async function writeVerifiedArchive(
  root: string,
  archive: string,
  manifest: ArchiveManifest,
  onProgress?: ArchiveProgress,
): Promise<string> {
  await mkdir(dirname(archive), { recursive: true });
  const partial = `${archive}.partial`;
  await rm(partial, { force: true });
  const total = manifest.files.length;
  let written = 0;
  await create(
    {
      gzip: true,
      file: partial,
      cwd: dirname(root),
      portable: true,
      onWriteEntry: (entry) => {
        if (entry.type === "File") onProgress?.("archive", ++written, total);
      },
    },
    [basename(root)],
  );
  const handle = await open(partial, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  const expected = new Map(manifest.files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  const pending: Promise<void>[] = [];
  const problems: string[] = [];
  await list({
    file: partial,
    onReadEntry: (entry) => {
      if (entry.type !== "File") return;
      const path = entry.path.replace(/\/+$/, "");
      const hash = createHash("sha256");
      pending.push(
        new Promise<void>((resolve) => {
          entry.on("data", (d: Buffer) => hash.update(d));
          entry.on("end", () => {
            const want = expected.get(path);
            const got = hash.digest("hex");
            if (!want) problems.push(`${path} is in the archive but not in the manifest`);
            else if (want.sha256 !== got) problems.push(`${path} changed while it was archived`);
            seen.add(path);
            onProgress?.("check", seen.size, total);
            resolve();
          });
        }),
      );
    },
  });
  await Promise.all(pending);
  for (const path of expected.keys())
    if (!seen.has(path)) problems.push(`${path} is missing from the archive`);
  if (problems.length > 0) {
    await rm(partial, { force: true });
    throw new Error(
      `the archive does not match the legacy root: ${problems.slice(0, 5).join("; ")}`,
    );
  }
  await rename(partial, archive);
  return sha256File(archive);
}

export async function writeManifest(path: string, manifest: ArchiveManifest): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  const handle = await open(tmp, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}
