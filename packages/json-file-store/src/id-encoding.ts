import { createHash } from "node:crypto";

/**
 * Id → path-segment encoding of the legacy JSON layout (format version 1).
 *
 * - Every UTF-8 byte of the id outside `[a-z0-9-]` is written as `_` plus two lowercase hex
 *   digits (`A` → `_41`, `.` → `_2e`, `_` → `_5f`, `é` → `_c3_a9`). The result uses only
 *   `[a-z0-9_-]`: no separators, no dots (so never `.`/`..`, no trailing dot or space), no
 *   upper case (so `Abc` and `abc` stay apart on case-insensitive file systems), and plain
 *   ASCII (so macOS NFD normalization of names cannot merge the NFC and NFD forms of an id).
 * - A result equal to a Windows device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9) has its
 *   first byte escaped too (`con` → `_63on`).
 * - A result longer than {@link MAX_PLAIN_SEGMENT} characters is replaced by its first 60
 *   characters, `~`, and 40 hex digits of the SHA-256 of the id's UTF-8 bytes (at most 101
 *   bytes, well under the 255-byte name limit even with `.json.tmp-…` suffixes). Such names
 *   cannot be decoded alone: the full id is stored inside the file (session files) or in an
 *   `id.json` beside the directory's content (app and user directories), and every read
 *   checks it, so a hash collision would be reported, never merged.
 */
export const MAX_PLAIN_SEGMENT = 120;

const HASHED_PREFIX = 60;
const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const SAFE_BYTE = new Uint8Array(256);
for (const c of "abcdefghijklmnopqrstuvwxyz0123456789-") SAFE_BYTE[c.charCodeAt(0)] = 1;
const HEX = Array.from({ length: 256 }, (_, i) => `_${i.toString(16).padStart(2, "0")}`);

function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += SAFE_BYTE[b] ? String.fromCharCode(b) : (HEX[b] as string);
  return out;
}

/** The path segment for an id (see the module comment for the rules). Pure and deterministic. */
export function encodeIdSegment(id: string): string {
  const bytes = Buffer.from(id, "utf8");
  let plain = escapeBytes(bytes);
  if (DEVICE_NAMES.test(plain)) plain = (HEX[bytes[0] as number] as string) + plain.slice(1);
  if (plain.length <= MAX_PLAIN_SEGMENT) return plain;
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 40);
  return `${plain.slice(0, HASHED_PREFIX)}~${digest}`;
}

/** True when the segment is the hashed (undecodable) form of a long id. */
export function isHashedSegment(segment: string): boolean {
  return segment.includes("~");
}

const PLAIN_SEGMENT = /^[a-z0-9_-]+$/;
const HASHED_SEGMENT = /^[a-z0-9_-]{1,60}~[0-9a-f]{40}$/;

/** True when `segment` has the shape of an encoded id (plain or hashed). */
export function isIdSegment(segment: string): boolean {
  return PLAIN_SEGMENT.test(segment) || HASHED_SEGMENT.test(segment);
}

/**
 * The id a plain segment encodes, or null when the segment is hashed (read the id stored in
 * the file instead) or is not the canonical encoding of any id (a stray file).
 */
export function decodeIdSegment(segment: string): string | null {
  if (!PLAIN_SEGMENT.test(segment)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c !== 0x5f) {
      bytes.push(c);
      continue;
    }
    const hex = segment.slice(i + 1, i + 3);
    if (!/^[0-9a-f]{2}$/.test(hex)) return null;
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  let id: string;
  try {
    id = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
  return encodeIdSegment(id) === segment ? id : null;
}
