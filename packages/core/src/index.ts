export type * from "./contract/index.js";
export * from "./errors/index.js";
export * from "./memory/index.js";
export * from "./open-repository.js";
export * from "./state/index.js";
export * from "./util/index.js";
export * from "./validation/index.js";
