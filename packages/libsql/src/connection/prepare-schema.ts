import { SessionKitError } from "@sessionkit/core";
import {
  inspectSchema,
  migrateSchema,
  type SchemaContext,
  type SchemaState,
  setFullText,
} from "@sessionkit/sql";
import { inReadTransaction, inWriteTransaction, type SqlWork } from "@sessionkit/sql/driver";

/**
 * Brings a database to this package's schema: one read when it is current (the warm open);
 * otherwise (also when a foreign writer's events wait to be re-tokenized into the search index)
 * the migrations and the full-text switch in ONE write transaction that inspects
 * again under the write lock, so several processes opening a fresh database at once all
 * succeed. A SCHEMA verdict from the lock-free read is also re-checked under the lock: a
 * deferred read transaction only takes its snapshot at its first successful read, so it can see
 * another process's migration half before and half after its commit.
 * @returns whether full-text indexing is on.
 */
export function* prepareSchema(
  ctx: SchemaContext,
  wantFullText: boolean,
  now: number,
): SqlWork<boolean> {
  let state: SchemaState | null = null;
  try {
    state = yield* inReadTransaction(inspectSchema(ctx));
  } catch (error) {
    if (!(error instanceof SessionKitError && error.code === "SCHEMA")) throw error;
  }
  if (
    state?.status === "current" &&
    state.fullText === wantFullText &&
    !(wantFullText && state.searchPending)
  ) {
    return state.fullText;
  }
  return yield* inWriteTransaction(
    (function* () {
      const locked = yield* inspectSchema(ctx);
      if (locked.status !== "current") yield* migrateSchema(ctx, now);
      yield* setFullText(wantFullText);
      return wantFullText;
    })(),
  );
}
