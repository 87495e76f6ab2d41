export { ADAPTER } from "./adapter-name.js";
export { ensureDirectory, fsyncDirectory, writeFileAtomic } from "./durable-fs.js";
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
} from "./format.js";
export {
  decodeIdSegment,
  encodeIdSegment,
  isHashedSegment,
  MAX_PLAIN_SEGMENT,
} from "./id-encoding.js";
export {
  createJsonFileRepository,
  JSON_FILE_CAPABILITIES,
  JsonFileRepository,
  type JsonFileRepositoryOptions,
} from "./json-file-repository.js";
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
} from "./layout.js";
export { openFromUrl, parseJsonUrl } from "./open-from-url.js";
export { parseSessionFile } from "./read-files.js";
export {
  readStoreRetirement,
  reinstateJsonStore,
  retireJsonStore,
  type StoreRetirement,
} from "./retired-store.js";
