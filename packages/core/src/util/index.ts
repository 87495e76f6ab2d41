export { canonicalJson } from "./canonical-json.js";
export { compareKeys, compareStrings } from "./compare-keys.js";
export { isSameEvent } from "./event-identity.js";
export { generateId } from "./generate-id.js";
export { metadataMatcher } from "./metadata-filter.js";
export { type ListableSession, pageSessions } from "./page-sessions.js";
export { assertUniqueBatchIds, planAppend } from "./plan-append.js";
export { scanSnippet, searchableText } from "./search-text.js";
export { toStoredEvent } from "./to-stored-event.js";
