import type { SqlRequest, SqlRow, SqlValue } from "@sessionkit/sql";

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
}

export function isBatchRequest(request: unknown): request is BatchRequest {
  return (request as { kind?: unknown } | null)?.kind === "batch";
}

/** Yields a batch from shared-layer work (which the client driver executes). */
export function* batch(
  statements: readonly BatchStatement[],
): Generator<SqlRequest, SqlRow[][], unknown> {
  return (yield { kind: "batch", statements } as unknown as SqlRequest) as SqlRow[][];
}
