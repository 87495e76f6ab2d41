import type { RepositoryCapabilities } from "@sessionkit/core";

const SEARCH_RANK = { none: 0, scan: 1, fulltext: 2 } as const;

/**
 * The capabilities a repository over both `a` and `b` can promise: each one the weaker of the
 * two (remote when either is remote).
 */
export function weakestCapabilities(
  a: RepositoryCapabilities,
  b: RepositoryCapabilities,
): RepositoryCapabilities {
  return Object.freeze({
    transactions:
      a.transactions === "multi-session" && b.transactions === "multi-session"
        ? "multi-session"
        : "single-session",
    crossProcess: a.crossProcess && b.crossProcess,
    search: SEARCH_RANK[a.search] <= SEARCH_RANK[b.search] ? a.search : b.search,
    watch:
      a.watch === "cross-process" && b.watch === "cross-process" ? "cross-process" : "in-process",
    watchPartials:
      a.watchPartials === "cross-process" && b.watchPartials === "cross-process"
        ? "cross-process"
        : "in-process",
    remote: a.remote || b.remote,
    persistent: a.persistent && b.persistent,
    backup: a.backup && b.backup,
  });
}
