/**
 * `@sessionkit/sql/driver`: the driver seam. A SQL driver implements `SqlDriver` (one method,
 * `execute(request)`); repository logic is written as `SqlWork` generators over it and run by
 * `drive`/`driveSync`, inside the transaction helpers.
 *
 * @module @sessionkit/sql/driver
 */

export { drive, driveInTransaction, driveSync, isPromiseLike } from "../driver/drive.js";
export { observeRequests } from "../driver/observe-requests.js";
export { type RowShape, rowShape, shapeRows } from "../driver/row-shape.js";
export type {
  SqlDriver,
  SqlRequest,
  SqlRow,
  SqlRunResult,
  SqlValue,
} from "../driver/sql-driver.js";
export { all, get, run, type SqlWork, script } from "../driver/sql-work.js";
export { inReadTransaction, inSavepoint, inWriteTransaction } from "../driver/transaction.js";
