import type { SessionRepository } from "@sessionkit/core";
import type { VerifyReport } from "@sessionkit/migrate";
import type { StudioStore } from "../studio-options.js";
import type { RequestParams } from "./request-params.js";
import { studioError } from "./studio-error.js";

/** What every API handler can reach: the stores and whether writes are allowed. */
export interface ApiContext {
  /** The main store first, then the legacy store of a phased migration when given. */
  readonly stores: readonly StudioStore[];
  readonly allowWrites: boolean;
  /** The last verify run from the migration page in this studio (none is stored by the migrator). */
  lastVerify: VerifyReport | null;
}

/** The store named by the `store` parameter (default: the main store); NOT_FOUND otherwise. */
export function storeOf(ctx: ApiContext, params: RequestParams): SessionRepository {
  const name = params.optional("store");
  const main = ctx.stores[0] as StudioStore;
  if (name === undefined) return main.repository;
  const store = ctx.stores.find((s) => s.name === name);
  if (store === undefined) {
    throw studioError(
      "NOT_FOUND",
      params.operation,
      `no store named "${name}" in this studio`,
      `use one of ${ctx.stores.map((s) => `"${s.name}"`).join(", ")}`,
    );
  }
  return store.repository;
}

/** A JSON API handler: reads its parameters, returns the response body. */
export type ApiHandler = (params: RequestParams, ctx: ApiContext) => Promise<unknown>;
