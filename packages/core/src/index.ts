// The public contract: types, typed errors, the in-memory reference repository and
// openRepository(url). What an adapter author needs beyond it (the validating front door, the
// storage interface, validators and storage helpers) is `@sessionkit/core/adapter-kit`; the
// CLIs' shared exit codes are `@sessionkit/core/cli`.
export type * from "./contract/index.js";
export {
  type SessionOperationName,
  sessionOperationNames,
} from "./contract/session-operation-names.js";
export { describeKey } from "./errors/describe-key.js";
export { defaultRemedy, ErrorCode } from "./errors/error-code.js";
export {
  type ErrorContext,
  isSessionKitError,
  SessionKitError,
  type SessionKitErrorInit,
} from "./errors/session-kit-error.js";
export { MemoryRepository, type MemoryRepositoryOptions } from "./memory/memory-repository.js";
export * from "./open-repository.js";
export { APP_PREFIX, TEMP_PREFIX, USER_PREFIX } from "./state/scoped-delta.js";
export { forwardSessionOperations } from "./util/forward-operations.js";
export { generateId } from "./util/generate-id.js";
export { MAX_ID_LENGTH } from "./validation/ids.js";
export type { Limits } from "./validation/limits.js";
