import { type ErrorContext, transactionEnded } from "@sessionkit/core";
import type { SqlWork } from "../driver/sql-work.js";
import type { WriteContext } from "../engine/write-context.js";
import { runWork } from "./run-work.js";
import type { SqlRepositoryHost } from "./sql-host.js";
import { SqlOperations, type WorkKind } from "./sql-operations.js";

/**
 * The operations inside `transaction(fn)`: each runs directly on the connection (the caller
 * holds its queue) in a savepoint, so a failed operation leaves nothing behind while the
 * transaction stays usable. Notifications wait for the commit.
 */
export class SqlTransaction extends SqlOperations {
  active = true;
  readonly published: WriteContext["published"] = [];

  constructor(host: SqlRepositoryHost) {
    super(host);
  }

  protected override assertUsable(operation: string): void {
    if (!this.active) {
      throw transactionEnded({ adapter: this.host.adapter, operation });
    }
  }

  protected exec<T>(
    ctx: ErrorContext,
    kind: WorkKind,
    work: (w: WriteContext) => SqlWork<T>,
  ): T | Promise<T> {
    if (!this.active) {
      throw transactionEnded(ctx);
    }
    return runWork(this.host, ctx, kind, "nested", work, (w) => {
      this.published.push(...w.published);
    });
  }
}
