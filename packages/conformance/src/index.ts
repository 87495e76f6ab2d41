export type { BehaviourGroup, ResolvedOptions, SuiteContext } from "./context.js";
export { behaviourGroups, describeSessionRepository } from "./describe-session-repository.js";
export type { ConformanceOptions, ConformanceTarget, SharedStore } from "./target.js";
