export { canonicalJson } from "./canonical-json.js";
export { compareKeys, compareSearchHits, compareStrings } from "./compare-keys.js";
export { isSameEvent } from "./event-identity.js";
export { forwardSessionOperations } from "./forward-operations.js";
export { generateId } from "./generate-id.js";
export { metadataMatcher } from "./metadata-filter.js";
export { type ListableSession, pageSessions } from "./page-sessions.js";
export { assertUniqueBatchIds, planAppend } from "./plan-append.js";
export { redactUrl } from "./redact-url.js";
export { bm25Idf, bm25Score, SearchScan, type SearchScanOptions } from "./search-scan.js";
export { scanSnippet, searchHit, snippetOf } from "./search-text.js";
export {
  type SearchWord,
  searchableText,
  searchIndexText,
  searchQueryTerms,
  searchTokens,
  searchWords,
} from "./search-tokens.js";
export { toStoredEvent } from "./to-stored-event.js";
export { TransactionGate, transactionHandle } from "./transaction-gate.js";
