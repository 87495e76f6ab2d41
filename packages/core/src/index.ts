export type * from "./contract/index.js";
export {
  type SessionOperationName,
  sessionOperationNames,
} from "./contract/session-operation-names.js";
export * from "./errors/index.js";
export * from "./memory/index.js";
export * from "./open-repository.js";
export * from "./state/index.js";
export * from "./util/index.js";
export * from "./validation/index.js";
