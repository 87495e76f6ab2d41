/**
 * `@sessionkit/core/adapter-kit`: what an adapter author needs beyond the public contract —
 * the validating front door ({@link SessionFrontDoor}) and the storage interface an adapter
 * implements ({@link SessionStorage}), the validators and normalisers the front door uses, the
 * error factories, state-scope helpers and storage helpers (append planning, stored events,
 * search hits, keyset paging, the transaction gate, watch fan-out).
 * @packageDocumentation
 */
export * from "./errors/common-errors.js";
export * from "./kit/index.js";
export { EventStream } from "./memory/event-stream.js";
export * from "./state/index.js";
export * from "./util/index.js";
export * from "./validation/index.js";
