/**
 * `@sessionkit/sqlite/internal`: test hooks, not part of the supported API (no semver promise).
 *
 * @module @sessionkit/sqlite/internal
 */

export { openConnectionCount } from "../connection-registry.js";
