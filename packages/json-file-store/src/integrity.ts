import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ErrorContext, type IntegrityProblem, isSessionKitError } from "@sessionkit/core";
import { classify } from "./file-kind.js";
import { MARKER_TEXT } from "./format.js";
import { encodeIdSegment, isHashedSegment } from "./id-encoding.js";
import { ID_FILE, MARKER_FILE, SESSION_SUFFIX, StoreLayout } from "./layout.js";
import { judgeLeftover } from "./leftovers.js";
import { readIdFile, readMetaFile, readSessionFile, readStateFile } from "./read-files.js";
import { readRetirement } from "./retired-store.js";
import { type WalkedFile, walkFiles } from "./store-walk.js";

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
 * Lists every damaged, orphaned or unexpected file under the root. Read-only: nothing is
 * created, changed or removed (leftovers of crashed writers are reported; the next open or
 * maintain() removes them). Never throws for problems found; each problem names its file.
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
    const kind = classify(file.relative, file.directory);
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
        case "retired":
          // A retired store is healthy; only a damaged record is a problem.
          await readRetirement(new StoreLayout(root), ctx);
          break;
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
        case "lock":
        case "lock-owner": {
          const leftover = await judgeLeftover(root, file.relative, kind, staleLockMs);
          if (leftover) {
            add(
              kind === "temp" ? "orphaned-temp-file" : "stale-lock",
              `${file.path}: ${leftover.reason}; reopening the store or maintain() removes it`,
            );
          }
          break;
        }
        default:
          add("unknown-file", `${file.path} is not part of the sessionkit JSON layout`);
      }
    } catch (error) {
      add("corrupt-file", describe(error));
    }
  }
  const paths = new Set(files.map((f) => f.path));
  for (const hashed of files.filter((f) => classify(f.relative, f.directory) === "session")) {
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
