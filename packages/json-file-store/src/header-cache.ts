import { stat } from "node:fs/promises";
import type { ErrorContext } from "@sessionkit/core";
import { toStoreError } from "./errors.js";
import type { SessionHeader } from "./format.js";
import { readSessionHeader } from "./read-files.js";

/**
 * Session headers for listings, remembered per file together with the file's identity (inode,
 * size, modification and change times in ns). A listing then costs one stat per unchanged
 * session instead of an open, a read and a parse. Every write replaces a file by rename (a new
 * inode and fresh times), so a changed file never matches. Files modified within the last
 * 2 seconds are not remembered (the "racy git" rule), so coarse file-system timestamps and
 * inode reuse cannot make a stale entry match.
 */
export class HeaderCache {
  private readonly entries = new Map<string, { identity: string; header: SessionHeader }>();

  constructor(
    private readonly enabled = true,
    private readonly maxEntries = 200_000,
  ) {}

  async read(file: string, ctx: ErrorContext): Promise<SessionHeader | null> {
    if (!this.enabled) return readSessionHeader(file, ctx);
    let identity: string;
    let mtimeMs: number;
    try {
      const s = await stat(file, { bigint: true });
      identity = `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
      mtimeMs = Number(s.mtimeMs);
    } catch (error) {
      this.entries.delete(file);
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw toStoreError(error, ctx, file);
    }
    const hit = this.entries.get(file);
    if (hit && hit.identity === identity) return structuredClone(hit.header);
    const header = await readSessionHeader(file, ctx);
    if (header === null || Date.now() - mtimeMs < 2_000) {
      this.entries.delete(file);
      return header;
    }
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(file, { identity, header: structuredClone(header) });
    return header;
  }
}
