/**
 * The adapter: open a store, retire or reinstate one. The on-disk format (file layout, the
 * serialisers, the id encoding, the durable write) is `@sessionkit/json-file-store/format`.
 *
 * @module @sessionkit/json-file-store
 */

export { ADAPTER } from "./adapter-name.js";
export {
  createJsonFileRepository,
  JSON_FILE_CAPABILITIES,
  JsonFileRepository,
  type JsonFileRepositoryOptions,
} from "./json-file-repository.js";
export { RETIRED_FILE } from "./layout.js";
export { openFromUrl, parseJsonUrl } from "./open-from-url.js";
export {
  readStoreRetirement,
  reinstateJsonStore,
  retireJsonStore,
  type StoreRetirement,
} from "./retired-store.js";
