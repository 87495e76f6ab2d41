import { readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { type ErrorContext, type IntegrityProblem, isSessionKitError } from "@sessionkit/core";
import { isProcessAlive, TEMP_NAME } from "./durable-fs.js";
import { breakLock, isLockOfDeadProcess, isLockStale } from "./file-lock.js";
import { MARKER_TEXT } from "./format.js";
import { encodeIdSegment, isHashedSegment, isIdSegment } from "./id-encoding.js";
import {
  APP_STATE_FILE,
  APPS_DIR,
  ID_FILE,
  MARKER_FILE,
  META_FILE,
  SESSION_SUFFIX,
  SESSIONS_DIR,
  USER_STATE_FILE,
  USERS_DIR,
} from "./layout.js";
import { readIdFile, readMetaFile, readSessionFile, readStateFile } from "./read-files.js";
import { type WalkedFile, walkFiles } from "./store-walk.js";

/** What a file under the root is, judged by its path alone. */
export type FileKind =
  | "marker"
  | "meta"
  | "app-state"
  | "user-state"
  | "id"
  | "session"
  | "lock"
  | "broken-lock"
  | "temp"
  | "unknown";

export function classify(relative: string): FileKind {
  const name = relative.slice(relative.lastIndexOf("/") + 1);
  if (TEMP_NAME.test(name)) return "temp";
  if (/\.lock\.stale-[0-9a-f]{8}$/.test(name)) return "broken-lock";
  if (name.endsWith(".lock")) return "lock";
  const parts = relative.split("/");
  if (parts.length === 1) {
    if (name === MARKER_FILE) return "marker";
    if (name === META_FILE) return "meta";
    return "unknown";
  }
  if (parts[0] !== APPS_DIR || !isIdSegment(parts[1] ?? "")) return "unknown";
  if (parts.length === 3) {
    if (name === APP_STATE_FILE) return "app-state";
    if (name === ID_FILE && isHashedSegment(parts[1] as string)) return "id";
    return "unknown";
  }
  if (parts[2] !== USERS_DIR || !isIdSegment(parts[3] ?? "")) return "unknown";
  if (parts.length === 5) {
    if (name === USER_STATE_FILE) return "user-state";
    if (name === ID_FILE && isHashedSegment(parts[3] as string)) return "id";
    return "unknown";
  }
  if (
    parts.length === 6 &&
    parts[4] === SESSIONS_DIR &&
    name.endsWith(SESSION_SUFFIX) &&
    isIdSegment(name.slice(0, -SESSION_SUFFIX.length))
  ) {
    return "session";
  }
  return "unknown";
}

/** A temp file nobody will rename any more: its writer died, or it is older than 10 minutes. */
export function isOrphanedTemp(file: WalkedFile): boolean {
  return isAbandonedTemp(file) || Date.now() - file.mtimeMs > 10 * 60_000;
}

/** A temp file whose writer process (by the pid in its name) no longer runs on this host. */
export function isAbandonedTemp(file: WalkedFile): boolean {
  const pid = Number(TEMP_NAME.exec(file.relative)?.[1]);
  return !isProcessAlive(pid);
}

function describe(error: unknown): string {
  return isSessionKitError(error) ? error.message : String(error);
}

/** Checks one session file: parses whole, seqs gapless, unique event ids, ids match the path. */
async function checkSession(
  root: string,
  file: WalkedFile,
  ctx: ErrorContext,
): Promise<IntegrityProblem[]> {
  const session = await readSessionFile(file.path, ctx);
  if (!session) return [];
  const problems: IntegrityProblem[] = [];
  const seen = new Set<string>();
  for (const e of session.events) {
    if (seen.has(e.id)) {
      problems.push({
        kind: "duplicate-event-id",
        message: `${file.path} repeats event id ${JSON.stringify(e.id)}`,
        subject: file.path,
      });
    }
    seen.add(e.id);
  }
  const [, appSeg, , userSeg, , name] = file.relative.split("/") as string[];
  const expected = [
    [appSeg, session.appName],
    [userSeg, session.userId],
    [name?.slice(0, -SESSION_SUFFIX.length), session.id],
  ] as const;
  for (const [segment, id] of expected) {
    if (encodeIdSegment(id) !== segment) {
      problems.push({
        kind: "misplaced-session",
        message: `${file.path} holds session ${JSON.stringify(session.id)} of user ${JSON.stringify(session.userId)} in app ${JSON.stringify(session.appName)}, which belongs at another path`,
        subject: file.path,
      });
      break;
    }
  }
  void root;
  return problems;
}

/**
 * Completes crash recovery, then lists every damaged, orphaned or unexpected file under the
 * root. Recovery removes only what provably never held an acknowledged write: temp files and
 * locks whose process is dead on this host (what the next writer would remove anyway). Never
 * throws for problems found; each problem names its file.
 */
export async function checkStoreIntegrity(
  root: string,
  staleLockMs: number,
  ctx: ErrorContext,
): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  const files = await walkFiles(root, ctx);
  let markerSeen = false;
  for (const file of files) {
    const kind = classify(file.relative);
    const add = (k: string, message: string) =>
      problems.push({ kind: k, message, subject: file.path });
    try {
      switch (kind) {
        case "marker": {
          markerSeen = true;
          const text = await readFile(file.path, "utf8");
          if (text !== MARKER_TEXT)
            add("corrupt-file", `${file.path} should contain exactly ${MARKER_TEXT.trim()}`);
          break;
        }
        case "meta":
          await readMetaFile(file.path, ctx);
          break;
        case "app-state":
        case "user-state":
          await readStateFile(file.path, ctx);
          break;
        case "id": {
          const id = await readIdFile(file.path, ctx);
          const parts = file.relative.split("/");
          const segment = parts[parts.length - 2] as string;
          if (id !== null && encodeIdSegment(id) !== segment) {
            add(
              "misplaced-id-file",
              `${file.path} names ${JSON.stringify(id)}, which does not map to directory ${segment}`,
            );
          }
          break;
        }
        case "session":
          problems.push(...(await checkSession(root, file, ctx)));
          break;
        case "temp":
          // Crash recovery first: a temp file whose writer is dead never held an acknowledged
          // write (the rename is the acknowledgement), so it is removed, not reported.
          if (isAbandonedTemp(file)) await unlink(file.path).catch(() => undefined);
          else if (isOrphanedTemp(file)) {
            add(
              "orphaned-temp-file",
              `${file.path} is a temp file older than 10 minutes; maintain() removes it`,
            );
          }
          break;
        case "lock":
          if (await isLockOfDeadProcess(file.path)) await breakLock(file.path);
          else if (await isLockStale(file.path, staleLockMs)) {
            add(
              "stale-lock",
              `${file.path} is a lock not refreshed for ${staleLockMs} ms (holder on another host?); the next writer or maintain() breaks it`,
            );
          }
          break;
        case "broken-lock":
          await unlink(file.path).catch(() => undefined);
          break;
        default:
          add("unknown-file", `${file.path} is not part of the sessionkit JSON layout`);
      }
    } catch (error) {
      add("corrupt-file", describe(error));
    }
  }
  const paths = new Set(files.map((f) => f.path));
  for (const hashed of files.filter((f) => classify(f.relative) === "session")) {
    const parts = hashed.relative.split("/");
    for (const [index, depth] of [
      [1, 2],
      [3, 4],
    ] as const) {
      const segment = parts[index] as string;
      if (!isHashedSegment(segment)) continue;
      const idFile = join(root, ...parts.slice(0, depth), ID_FILE);
      if (!paths.has(idFile)) {
        problems.push({
          kind: "missing-id-file",
          message: `${idFile} is missing; the directory name is a hash and cannot be decoded without it`,
          subject: idFile,
        });
      }
    }
  }
  if (!markerSeen)
    problems.push({
      kind: "missing-marker",
      message: `${join(root, MARKER_FILE)} is missing`,
      subject: join(root, MARKER_FILE),
    });
  return [...new Map(problems.map((p) => [`${p.kind}:${p.subject}:${p.message}`, p])).values()];
}
