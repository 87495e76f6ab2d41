import type { SessionOperations } from "./session-operations.js";

/**
 * The operations available inside `transaction(fn)`. They commit together when `fn` resolves
 * and roll back together when it throws. Do not use it after `fn` has settled.
 */
export type SessionTransaction = SessionOperations;
