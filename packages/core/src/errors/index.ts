export {
  eventConflict,
  reenteredTransaction,
  repositoryClosed,
  sessionAlreadyExists,
  sessionNotFound,
  staleRevision,
  transactionEnded,
} from "./common-errors.js";
export { describeKey } from "./describe-key.js";
export { defaultRemedy, ErrorCode } from "./error-code.js";
export {
  type ErrorContext,
  isSessionKitError,
  SessionKitError,
  type SessionKitErrorInit,
} from "./session-kit-error.js";
