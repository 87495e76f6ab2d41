/**
 * `@sessionkit/core/adapter-kit`: what an adapter author needs beyond the public contract —
 * the validating front door ({@link SessionFrontDoor}) and the storage interface an adapter
 * implements ({@link SessionStorage}).
 * @packageDocumentation
 */
export * from "./kit/index.js";
