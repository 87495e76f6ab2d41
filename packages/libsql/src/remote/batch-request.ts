import type { SqlRequest, SqlRow, SqlValue } from "@sessionkit/sql/driver";

/** One statement of a {@link BatchRequest}. */
export interface BatchStatement {
  sql: string;
  params: readonly SqlValue[];
}

/**
 * A driver request beyond the shared {@link SqlRequest} set, understood by the client driver:
 * several statements sent as ONE batch (one round trip, all or nothing). Result: the rows of
 * every statement, in order.
 */
export interface BatchRequest {
  readonly kind: "batch";
  readonly statements: readonly BatchStatement[];
  /**
   * True when running the batch twice leaves the same result as running it once (an append
   * whose event ids were fixed before the first attempt): a deadline miss is then `BUSY`
   * (retried) instead of `IO` (outcome unknown).
   */
  readonly idempotent?: boolean;
}

export function isBatchRequest(request: unknown): request is BatchRequest {
  return (request as { kind?: unknown } | null)?.kind === "batch";
}

/** Yields a batch from shared-layer work (which the client driver executes). */
export function* batch(
  statements: readonly BatchStatement[],
  idempotent = false,
): Generator<SqlRequest, SqlRow[][], unknown> {
  const request: BatchRequest = { kind: "batch", statements, idempotent };
  return (yield request as unknown as SqlRequest) as SqlRow[][];
}
