export {
  type GenerateLegacyStoreOptions,
  type GenerateLegacyStoreResult,
  generateLegacyStore,
} from "./generate-legacy-store.js";
export { Random } from "./random.js";
export { HOSTILE_SESSION_IDS, HOSTILE_USER_IDS } from "./vocabulary.js";
