import {
  inReadTransaction,
  inspectSchema,
  inWriteTransaction,
  migrateSchema,
  type SchemaContext,
  type SqlWork,
  setFullText,
} from "@sessionkit/sql";

/**
 * Brings a database to this package's schema: one read when it is current (the warm open);
 * otherwise the migrations and the full-text switch in ONE write transaction that re-checks
 * under the write lock, so two processes opening a fresh file at once both succeed.
 * @returns whether full-text indexing is on.
 */
export function* prepareSchema(
  ctx: SchemaContext,
  wantFullText: boolean,
  now: number,
): SqlWork<boolean> {
  // One snapshot for the inspection's reads: another process may commit the schema in between.
  const state = yield* inReadTransaction(inspectSchema(ctx));
  if (state.status === "current" && state.fullText === wantFullText) return state.fullText;
  return yield* inWriteTransaction(
    (function* () {
      yield* migrateSchema(ctx, now);
      yield* setFullText(wantFullText);
      return wantFullText;
    })(),
  );
}
