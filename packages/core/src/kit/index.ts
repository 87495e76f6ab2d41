export { listMetaEntries, metaValue } from "../util/meta-entries.js";
export { selectSessionEvents } from "../util/select-events.js";
export { storedBatch } from "../util/stored-batch.js";
export { forwardThroughGate } from "./forward-through-gate.js";
export { lazyContext } from "./lazy-context.js";
export { ListenerRegistry } from "./listener-registry.js";
export { probeHealth } from "./probe-health.js";
export {
  createFrontDoor,
  type FrontDoorSettings,
  SessionFrontDoor,
} from "./session-front-door.js";
export type {
  CreateSessionInput,
  ExpireIdleInput,
  GetOrCreateSessionInput,
  ListMetaInput,
  MaybePromise,
  ScanSessionsInput,
  SessionStorage,
} from "./session-storage.js";
