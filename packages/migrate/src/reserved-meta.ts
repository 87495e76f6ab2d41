import type { JsonValue, MetaEntry, SessionOperations } from "@sessionkit/core";
import { invalidArgument } from "@sessionkit/core/adapter-kit";
import { PHASED_ADAPTER } from "./errors.js";
import { isReservedMetaName, RESERVED_PREFIX } from "./meta-names.js";

/*
 * The application's view of the meta table through a phased repository: names under the
 * migrator's reserved prefix (migration record, drift journal, shadow mismatches, checkpoints)
 * read as absent, are left out of listings and cannot be written.
 */

/** `getMeta` on `ops`, with a reserved name read as absent (null) without asking the store. */
export function getVisibleMeta(ops: SessionOperations, name: string): Promise<JsonValue | null> {
  if (isReservedMetaName(name)) return Promise.resolve(null);
  return ops.getMeta(name);
}

/**
 * `setMeta` on `ops`.
 * @throws INVALID_ARGUMENT when `name` is reserved for the migrator (the store is not called).
 */
export async function setVisibleMeta(
  ops: SessionOperations,
  name: string,
  value: JsonValue | null,
): Promise<void> {
  if (isReservedMetaName(name)) {
    throw invalidArgument(
      { adapter: PHASED_ADAPTER, operation: "setMeta", subject: JSON.stringify(name) },
      "name",
      `starts with ${JSON.stringify(RESERVED_PREFIX)}, which is reserved for the migrator`,
    );
  }
  await ops.setMeta(name, value);
}

/**
 * `listMeta` on `ops` without reserved names: pages past them so the caller still gets up to
 * `limit` (default 1,000) entries.
 */
export async function listVisibleMeta(
  ops: SessionOperations,
  prefix: string,
  options?: { limit?: number; after?: string },
): Promise<MetaEntry[]> {
  const limit = options?.limit ?? 1000;
  const out: MetaEntry[] = [];
  let after = options?.after;
  for (;;) {
    const page = await ops.listMeta(prefix, { ...options, limit, after });
    for (const e of page) {
      if (!isReservedMetaName(e.name)) out.push(e);
      if (out.length === limit) return out;
    }
    if (page.length < limit) return out;
    after = page[page.length - 1]?.name;
  }
}
