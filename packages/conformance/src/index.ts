export type { BehaviourGroup, ResolvedOptions, SuiteContext } from "./context.js";
export { behaviourGroups, describeSessionRepository } from "./describe-session-repository.js";
// Helpers for adapters' own white-box tests.
export { waitFor } from "./support/wait-for.js";
export { walBytes } from "./support/wal-bytes.js";
export type { ConformanceOptions, ConformanceTarget, SharedStore } from "./target.js";
