export type { RepositoryCapabilities } from "@sessionkit/core";
export { capabilitiesFor } from "./capabilities.js";
export { convertLibsqlError } from "./errors/convert-error.js";
export {
  createLibsqlRepository,
  LibsqlRepository,
  type SyncResult,
} from "./libsql-repository.js";
export { type Location, resolveLocation } from "./location/resolve-location.js";
export { openFromUrl } from "./open-from-url.js";
export type { LibsqlRepositoryOptions } from "./options.js";
