import { TEMP_NAME } from "./durable-fs.js";
import { isHashedSegment, isIdSegment } from "./id-encoding.js";
import {
  APP_STATE_FILE,
  APPS_DIR,
  ID_FILE,
  MARKER_FILE,
  META_FILE,
  RETIRED_FILE,
  SESSION_SUFFIX,
  SESSIONS_DIR,
  USER_STATE_FILE,
  USERS_DIR,
} from "./layout.js";
import { LOCK_SUFFIX, OWNER_SUFFIX } from "./lock-owner.js";

/** What an entry under the root is, judged by its path alone. */
export type FileKind =
  | "marker"
  /** `sessionkit-retired.json`: the store was retired (see retireJsonStore). */
  | "retired"
  | "meta"
  | "app-state"
  | "user-state"
  | "id"
  | "session"
  /** A lock directory `<file>.lock` (proper-lockfile). */
  | "lock"
  /** A lock holder's sidecar `<file>.lock.owner`. */
  | "lock-owner"
  /** `<file>.tmp-<pid>-<8 hex>`: a write in flight, or left by an interrupted one. */
  | "temp"
  | "unknown";

/** Classifies `relative` (a path under the root, `/`-separated); `directory`: it is a directory. */
export function classify(relative: string, directory = false): FileKind {
  const name = relative.slice(relative.lastIndexOf("/") + 1);
  if (directory) return name.endsWith(LOCK_SUFFIX) ? "lock" : "unknown";
  if (TEMP_NAME.test(name)) return "temp";
  if (name.endsWith(OWNER_SUFFIX)) return "lock-owner";
  const parts = relative.split("/");
  if (parts.length === 1) {
    if (name === MARKER_FILE) return "marker";
    if (name === RETIRED_FILE) return "retired";
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
