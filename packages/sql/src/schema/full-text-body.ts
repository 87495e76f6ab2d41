import type { JsonValue } from "@sessionkit/core";
import { searchableText, searchTokens } from "@sessionkit/core/adapter-kit";

/** Printable ASCII only: no control character, so never the `char(1)` writer-indexed mark. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * What a SQLite-dialect adapter hands to `events_fts` (FTS5, `ascii` tokenizer) for an event's
 * content: text whose FTS5 `ascii` tokens are exactly core's `searchIndexText` terms, in order.
 *
 * - Content whose strings are all printable ASCII: the strings themselves, space-joined. The
 *   `ascii` tokenizer splits them where core does (every character outside `[0-9A-Za-z]`) and
 *   folds `A-Z` as core does, so tokenizing them again in JavaScript would only repeat its work.
 * - Any other content: core's terms, space-joined (`searchIndexText`), which the tokenizer
 *   splits back as they are.
 *
 * Never returns `char(1)` (the mark of an event its writer indexes later in the transaction).
 */
export function fullTextBody(content: JsonValue): string {
  const text = searchableText(content);
  return PRINTABLE_ASCII.test(text) ? text : searchTokens(text).join(" ");
}
