export { canonicalJson } from "./canonical-json.js";
export { compareKeys, compareStrings } from "./compare-keys.js";
export { isSameEvent } from "./event-identity.js";
export { generateId } from "./generate-id.js";
export { scanSnippet, searchableText } from "./search-text.js";
