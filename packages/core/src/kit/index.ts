export { lazyContext } from "./lazy-context.js";
export {
  createFrontDoor,
  type FrontDoorSettings,
  SessionFrontDoor,
} from "./session-front-door.js";
export type {
  CreateSessionInput,
  ExpireIdleInput,
  ListMetaInput,
  MaybePromise,
  ScanSessionsInput,
  SessionStorage,
} from "./session-storage.js";
