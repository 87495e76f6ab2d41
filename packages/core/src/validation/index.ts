export { assertId, MAX_ID_LENGTH } from "./ids.js";
export { childPath, invalidArgument } from "./invalid.js";
export { assertJsonObject, assertJsonValue, copyJsonValue } from "./json-value.js";
export { assertAppScope, assertNewSessionKey, assertSessionKey, assertUserScope } from "./keys.js";
export {
  assertWithinLimit,
  defaultLimits,
  type Limits,
  resolveLimits,
  utf8Bytes,
} from "./limits.js";
export * from "./normalize-options.js";
export * from "./option-checks.js";
export { prepareBatch, prepareStateUpdate } from "./prepare-batch.js";
export { type PreparedEvent, prepareEvent } from "./prepare-event.js";
export { decodeSessionCursor, encodeSessionCursor, type SessionCursor } from "./session-cursor.js";
export { assertMetaName, assertSnapshot, normalizeWriteSnapshotMode } from "./snapshot.js";
export { assertStateDelta } from "./state-delta.js";
