import type { SessionOperations } from "./session-operations.js";

/**
 * Every operation of {@link SessionOperations}, once: the list wrappers forward (the in-process
 * repositories' gate, the phased migration repository, a framework bridge). Adding an operation
 * to the contract without adding it here fails to compile.
 */
export const sessionOperationNames = [
  "createSession",
  "getSession",
  "getOrCreateSession",
  "appendEvent",
  "appendEvents",
  "listEvents",
  "listSessions",
  "deleteSession",
  "updateState",
  "getUserState",
  "getAppState",
  "expireSession",
  "expireIdleSessions",
  "searchEvents",
  "readSnapshot",
  "writeSnapshot",
  "scanSessions",
  "listStateScopes",
  "writeScopedState",
  "getMeta",
  "setMeta",
  "listMeta",
] as const satisfies ReadonlyArray<keyof SessionOperations>;

/** The name of one contract operation. */
export type SessionOperationName = (typeof sessionOperationNames)[number];

/** Compile-time check: the list above names every operation of the contract. */
type Unlisted = Exclude<keyof SessionOperations, SessionOperationName>;
const everyOperationListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyOperationListed;
