import type { ErrorContext } from "@sessionkit/core";
import {
  SessionFrontDoor,
  type SessionStorage,
  transactionEnded,
} from "@sessionkit/core/adapter-kit";
import type { SqlWork } from "../driver/sql-work.js";
import type { WriteContext } from "../engine/write-context.js";
import { runWork } from "./run-work.js";
import type { SqlRepositoryHost } from "./sql-host.js";
import { SqlStorage, type WorkKind } from "./sql-storage.js";

/**
 * The operations inside `transaction(fn)`: each runs directly on the connection (the caller
 * holds its queue) in a savepoint, so a failed operation leaves nothing behind while the
 * transaction stays usable. Notifications wait for the commit.
 */
export class SqlTransaction extends SessionFrontDoor {
  active = true;
  readonly published: WriteContext["published"] = [];
  protected readonly storage: SessionStorage;

  constructor(private readonly host: SqlRepositoryHost) {
    super(host.adapter, host.limits);
    this.storage = new SqlStorage(host, (ctx, kind, work) => this.exec(ctx, kind, work));
  }

  protected override assertUsable(operation: string): void {
    if (!this.active) {
      throw transactionEnded({ adapter: this.host.adapter, operation });
    }
  }

  private exec<T>(
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
