export { applyEntries } from "./apply-entries.js";
export { mergeScopedInto, mergeState, type ScopedEntries, scopedEntries } from "./merge-state.js";
export {
  APP_PREFIX,
  isEmptyDelta,
  type ScopedDelta,
  splitStateDelta,
  TEMP_PREFIX,
  USER_PREFIX,
  withoutTempKeys,
} from "./scoped-delta.js";
export { ScopedKeyWrites } from "./scoped-key-writes.js";
