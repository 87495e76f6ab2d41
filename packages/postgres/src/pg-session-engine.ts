import type { SearchHit } from "@sessionkit/core";
import type { NormalizedSearch } from "@sessionkit/core/adapter-kit";
import { SessionEngine } from "@sessionkit/sql";
import type { SqlWork } from "@sessionkit/sql/driver";
import { postgresDialect } from "./postgres-dialect.js";

/**
 * The shared engine with the PostgreSQL statements and the search index on (the adapter writes
 * every event's terms). `order: "newest"` searches use the GIN index; `order: "relevance"` is
 * answered by the shared scan of the scope, which computes BM25 exactly as the memory
 * reference does with the scope's statistics (PostgreSQL has no BM25) — the hit set is the
 * index's, the order the scanning adapters' (docs/contract.md, Search).
 */
export class PgSessionEngine extends SessionEngine {
  private readonly scan = new SessionEngine({ dialect: postgresDialect });

  constructor() {
    super({ dialect: postgresDialect });
    this.fullText = true;
    this.scan.fullText = false;
  }

  override *searchEvents(o: NormalizedSearch): SqlWork<SearchHit[]> {
    if (o.order === "relevance") return yield* this.scan.searchEvents(o);
    return yield* super.searchEvents(o);
  }
}
