/**
 * `@sessionkit/json-file-store/format`: the legacy JSON-file layout for tools that read or write a
 * store without opening a repository (generators, benchmarks, converters): where each file lives,
 * the exact bytes of each file, the id ↔ path-segment encoding and the durable write the adapter
 * uses (temp file, fsync, rename, fsync of the directory).
 *
 * @module @sessionkit/json-file-store/format
 */

export { ensureDirectory, fsyncDirectory, writeFileAtomic } from "../durable-fs.js";
export {
  eventRecord,
  FORMAT_NAME,
  FORMAT_VERSION,
  headerOf,
  MARKER_TEXT,
  type SessionHeader,
  serializeEvent,
  serializeIdFile,
  serializeMetaFile,
  serializeSessionFile,
  serializeStateFile,
} from "../format.js";
export {
  decodeIdSegment,
  encodeIdSegment,
  isHashedSegment,
  MAX_PLAIN_SEGMENT,
} from "../id-encoding.js";
export {
  APP_STATE_FILE,
  APPS_DIR,
  ID_FILE,
  MARKER_FILE,
  META_FILE,
  RETIRED_FILE,
  SESSION_SUFFIX,
  SESSIONS_DIR,
  StoreLayout,
  USER_STATE_FILE,
  USERS_DIR,
} from "../layout.js";
export { parseSessionFile } from "../read-files.js";
