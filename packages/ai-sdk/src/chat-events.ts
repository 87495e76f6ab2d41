import { createHash } from "node:crypto";
import type { JsonObject, JsonValue, NewEvent, SessionEvent } from "@sessionkit/core";
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
function contentOfType(content: JsonValue, type: string): JsonObject | null {
  if (typeof content !== "object" || content === null || Array.isArray(content)) return null;
  return content.type === type ? content : null;
}

/**
 * Applies one stored event to a chat's message list, in place: a message event replaces the
 * message with its id or, when the chat has none, appends it; a truncate event keeps the first
 * `keep` messages. Any other event (a title change through `updateState`, an event another
 * writer appended) leaves the list alone.
 */
export function applyChatEvent(messages: UIMessage[], event: SessionEvent): void {
  const added = contentOfType(event.content, MESSAGE_EVENT);
  if (added !== null) {
    const message = added.message as unknown as UIMessage;
    const at = messages.findIndex((m) => m.id === message.id);
    if (at === -1) messages.push(message);
    else messages[at] = message;
    return;
  }
  const truncate = contentOfType(event.content, TRUNCATE_EVENT);
  if (truncate !== null && typeof truncate.keep === "number") {
    messages.length = Math.min(messages.length, truncate.keep);
  }
}

/** Folds a chat's events, ascending by seq, into its message list. */
export function foldChatEvents(events: readonly SessionEvent[]): UIMessage[] {
  const messages: UIMessage[] = [];
  for (const event of events) applyChatEvent(messages, event);
  return messages;
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

/**
 * The events that turn `stored` (the chat as its events fold) into `incoming`:
 * - the longest prefix of messages with the same ids in the same positions is kept; each of
 *   them whose content changed (parts grown during a tool call, metadata added) gets an
 *   "updated" message event;
 * - when stored messages follow that prefix (a regenerated answer, an edited earlier message),
 *   one truncate event drops them;
 * - every incoming message after the prefix gets an "added" message event.
 * Returns `[]` when nothing changed. `baseSeq` is the chat's `lastSeq` the plan is made against.
 */
export function planChatEvents(
  stored: readonly UIMessage[],
  incoming: readonly UIMessage[],
  baseSeq: number,
): NewEvent[] {
  const contents: ChatEventContent[] = [];
  let prefix = 0;
  while (
    prefix < stored.length &&
    prefix < incoming.length &&
    stored[prefix]?.id === incoming[prefix]?.id
  ) {
    prefix++;
  }
  for (let i = 0; i < prefix; i++) {
    const before = stored[i] as UIMessage;
    const after = incoming[i] as UIMessage;
    if (
      canonicalJson(before as unknown as JsonValue) !== canonicalJson(after as unknown as JsonValue)
    ) {
      contents.push({ type: MESSAGE_EVENT, change: "updated", message: after });
    }
  }
  if (prefix < stored.length) {
    contents.push({
      type: TRUNCATE_EVENT,
      keep: prefix,
      removedMessageIds: stored.slice(prefix).map((m) => m.id),
    });
  }
  for (const message of incoming.slice(prefix)) {
    contents.push({ type: MESSAGE_EVENT, change: "added", message });
  }
  return contents.map((content, index) => ({
    id: chatEventId(baseSeq, index, content),
    author: content.type === MESSAGE_EVENT ? content.message.role : TRUNCATE_AUTHOR,
    content: content as unknown as JsonValue,
  }));
}
