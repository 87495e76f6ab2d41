import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import type { ErrorContext, JsonObject, SessionEvent, SessionSnapshot } from "@sessionkit/core";
import { corruptFile, toStoreError } from "./errors.js";
import { headerOf, type SessionHeader } from "./format.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const isInt = (v: unknown, min = 0): v is number => Number.isSafeInteger(v) && (v as number) >= min;
const isNonEmptyString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/**
 * Files up to this size are read with synchronous calls: one open/fstat/read/close costs a few
 * tens of microseconds, less than the four thread-pool round trips of an asynchronous read (a
 * bulk scan such as a backfill reads ~35% faster this way). Larger files are read
 * asynchronously, so one huge session never blocks the event loop for long.
 */
const SYNC_READ_LIMIT = 256 * 1024;
const syncBuffer = Buffer.allocUnsafe(SYNC_READ_LIMIT);

/** The whole file if it is small enough to read synchronously; undefined when it is larger. */
function readSmallFile(file: string): string | undefined {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > SYNC_READ_LIMIT) return undefined;
    let length = 0;
    // Read until EOF: the size may be stale if a writer replaced the content meanwhile.
    for (;;) {
      if (length === syncBuffer.length) return undefined;
      const n = readSync(fd, syncBuffer, length, syncBuffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return syncBuffer.toString("utf8", 0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole file; null when it does not exist. */
async function readOptional(file: string, ctx: ErrorContext): Promise<string | null> {
  try {
    return readSmallFile(file) ?? (await readFile(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw toStoreError(error, ctx, file);
  }
}

/** Parses JSON text of a store file; a leading UTF-8 BOM is tolerated. CORRUPT otherwise. */
function parseJson(text: string, file: string, ctx: ErrorContext): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) throw corruptFile(ctx, file, "it is empty");
  if (body.charCodeAt(0) === 0) throw corruptFile(ctx, file, "it is filled with NUL bytes");
  try {
    return JSON.parse(body);
  } catch (error) {
    throw corruptFile(ctx, file, `it is not valid JSON (${(error as Error).message})`, error);
  }
}

function checkHeader(value: unknown, file: string, ctx: ErrorContext): SessionHeader {
  const bad = (what: string) => corruptFile(ctx, file, `not a session file: ${what}`);
  if (!isObject(value)) throw bad("the top level is not an object");
  if (!isNonEmptyString(value.id)) throw bad("id is not a non-empty string");
  if (!isNonEmptyString(value.appName)) throw bad("appName is not a non-empty string");
  if (!isNonEmptyString(value.userId)) throw bad("userId is not a non-empty string");
  if (value.status !== "active" && value.status !== "expired")
    throw bad("status is not active/expired");
  if (!isObject(value.metadata)) throw bad("metadata is not an object");
  if (!isObject(value.state)) throw bad("state is not an object");
  if (!isInt(value.createdAt)) throw bad("createdAt is not a timestamp");
  if (!isInt(value.updatedAt)) throw bad("updatedAt is not a timestamp");
  if (value.status === "expired" ? !isInt(value.expiredAt) : value.expiredAt !== null) {
    throw bad("expiredAt does not match status");
  }
  if (!isInt(value.revision, 1)) throw bad("revision is not a positive integer");
  if (!isInt(value.lastSeq)) throw bad("lastSeq is not an integer");
  return headerOf(value as unknown as SessionHeader);
}

function checkEvents(value: unknown, header: SessionHeader, file: string, ctx: ErrorContext) {
  const bad = (what: string) => corruptFile(ctx, file, `not a session file: ${what}`);
  if (!Array.isArray(value)) throw bad("events is not an array");
  if (value.length !== header.lastSeq) {
    throw bad(`it holds ${value.length} events but lastSeq is ${header.lastSeq}`);
  }
  value.forEach((e: unknown, i) => {
    if (!isObject(e)) throw bad(`events[${i}] is not an object`);
    if (e.seq !== i + 1) throw bad(`events[${i}].seq is not ${i + 1}`);
    if (!isNonEmptyString(e.id)) throw bad(`events[${i}].id is not a non-empty string`);
    if (!isNonEmptyString(e.author)) throw bad(`events[${i}].author is not a non-empty string`);
    if (!("content" in e)) throw bad(`events[${i}].content is missing`);
    if (!isInt(e.timestamp)) throw bad(`events[${i}].timestamp is not a timestamp`);
    if (e.stateDelta !== undefined && !isObject(e.stateDelta)) {
      throw bad(`events[${i}].stateDelta is not an object`);
    }
    if (e.metadata !== undefined && !isObject(e.metadata)) {
      throw bad(`events[${i}].metadata is not an object`);
    }
  });
  return value as SessionEvent[];
}

/** Parses and checks the text of a session file. */
export function parseSessionFile(text: string, file: string, ctx: ErrorContext): SessionSnapshot {
  const value = parseJson(text, file, ctx);
  const header = checkHeader(value, file, ctx);
  const events = checkEvents((value as Record<string, unknown>).events, header, file, ctx);
  return { ...header, events };
}

/** A whole session file; null when it does not exist; CORRUPT naming the file when damaged. */
export async function readSessionFile(
  file: string,
  ctx: ErrorContext,
): Promise<SessionSnapshot | null> {
  const text = await readOptional(file, ctx);
  return text === null ? null : parseSessionFile(text, file, ctx);
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const EVENTS_KEY = Buffer.from('"events":');

/** Where the top-level `,"events":` starts, or -1 when not within `bytes`. */
function findEventsKey(bytes: Buffer, length: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) depth--;
    else if (b === COMMA && depth === 1 && i + 1 + EVENTS_KEY.length <= length) {
      if (bytes.compare(EVENTS_KEY, 0, EVENTS_KEY.length, i + 1, i + 1 + EVENTS_KEY.length) === 0) {
        return i;
      }
    }
  }
  return -1;
}

/**
 * The header of a session file (every field but `events`) without reading the events: the
 * file is read from the start until the top-level `"events"` key, which the format puts last.
 * Files written with another key order are parsed whole. Null when the file does not exist.
 */
export async function readSessionHeader(
  file: string,
  ctx: ErrorContext,
): Promise<SessionHeader | null> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw toStoreError(error, ctx, file);
  }
  try {
    let buffer = Buffer.allocUnsafe(8192);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 4);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      length += bytesRead;
      const at = findEventsKey(buffer, length);
      if (at >= 0) {
        let start = 0;
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
        const text = `${buffer.toString("utf8", start, at)}}`;
        return checkHeader(parseJson(text, file, ctx), file, ctx);
      }
      if (bytesRead === 0) break;
    }
    return headerOf(parseSessionFile(buffer.toString("utf8", 0, length), file, ctx));
  } catch (error) {
    throw toStoreError(error, ctx, file);
  } finally {
    await handle.close();
  }
}

/** An app or user state file; `{}` when it does not exist; CORRUPT when damaged. */
export async function readStateFile(file: string, ctx: ErrorContext): Promise<JsonObject> {
  const text = await readOptional(file, ctx);
  if (text === null) return {};
  const value = parseJson(text, file, ctx);
  if (!isObject(value))
    throw corruptFile(ctx, file, "not a state file: the top level is not an object");
  return value as JsonObject;
}

/** `meta.json` as name → JSON text of the value; empty when the file does not exist. */
export async function readMetaFile(file: string, ctx: ErrorContext): Promise<Map<string, string>> {
  const text = await readOptional(file, ctx);
  const out = new Map<string, string>();
  if (text === null) return out;
  const value = parseJson(text, file, ctx);
  if (!isObject(value))
    throw corruptFile(ctx, file, "not a meta file: the top level is not an object");
  for (const [name, v] of Object.entries(value)) out.set(name, JSON.stringify(v));
  return out;
}

/** The id stored in a hashed directory's `id.json`; null when missing; CORRUPT when damaged. */
export async function readIdFile(file: string, ctx: ErrorContext): Promise<string | null> {
  const text = await readOptional(file, ctx);
  if (text === null) return null;
  const value = parseJson(text, file, ctx);
  if (!isObject(value) || !isNonEmptyString(value.id)) {
    throw corruptFile(ctx, file, 'not an id file: expected {"id": "…"}');
  }
  return value.id;
}
