import { createHash } from "node:crypto";
import type { JsonObject, JsonValue, NewEvent } from "@sessionkit/core";
import { canonicalJson } from "@sessionkit/core/adapter-kit";
import type { UIMessage } from "ai";

/** `content.type` of an event that stores one version of a UIMessage. */
export const MESSAGE_EVENT = "ui-message";
/** `content.type` of an event that drops the messages after a position (a regenerated answer). */
export const TRUNCATE_EVENT = "ui-truncate";
/** `author` of truncate events: the chat store, not a message role. */
export const TRUNCATE_AUTHOR = "sessionkit-ai-sdk";

/** The content of a message event: the whole UIMessage as it is now. */
export interface MessageEventContent {
  type: typeof MESSAGE_EVENT;
  /** "added": a message the chat did not have; "updated": a new version of one it has. */
  change: "added" | "updated";
  message: UIMessage;
}

/** The content of a truncate event: the chat keeps its first `keep` messages. */
export interface TruncateEventContent {
  type: typeof TRUNCATE_EVENT;
  keep: number;
  /** The ids of the messages dropped, in chat order (for readers of the audit trail). */
  removedMessageIds: string[];
}

/** What a chat store appends: a message version or a truncation. */
export type ChatEventContent = MessageEventContent | TruncateEventContent;

/** The content as a JSON object whose `type` is `type`, else null. */
export function contentOfType(content: JsonValue, type: string): JsonObject | null {
  if (typeof content !== "object" || content === null || Array.isArray(content)) return null;
  return content.type === type ? content : null;
}

/**
 * The id of the `index`-th event of a save computed against a chat whose last stored event is
 * `baseSeq`: a hash of the base, the position and the content. Two attempts of the same save
 * (a retry, or two identical concurrent saves) give the same ids, so the store recognises the
 * second as a retry; the same content saved again later has another base, hence another id.
 */
function chatEventId(baseSeq: number, index: number, content: ChatEventContent): string {
  const digest = createHash("sha256")
    .update(`${baseSeq}\n${index}\n${canonicalJson(content as unknown as JsonValue)}`)
    .digest("base64url");
  return `ai-sdk:${digest.slice(0, 32)}`;
}

/** The events to append for `contents`, planned against a chat whose lastSeq is `baseSeq`. */
export function toChatEvents(contents: readonly ChatEventContent[], baseSeq: number): NewEvent[] {
  return contents.map((content, index) => ({
    id: chatEventId(baseSeq, index, content),
    author: content.type === MESSAGE_EVENT ? content.message.role : TRUNCATE_AUTHOR,
    content: content as unknown as JsonValue,
  }));
}
