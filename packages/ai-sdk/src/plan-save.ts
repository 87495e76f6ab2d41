import type { SessionKey } from "@sessionkit/core";
import type { UIMessage } from "ai";
import type { ChatOperation } from "./chat-errors.js";
import { type ChatEventContent, MESSAGE_EVENT, TRUNCATE_EVENT } from "./chat-events.js";
import type { ChatSnapshot } from "./chat-snapshot.js";
import { messageIds, normalizeMessage } from "./normalize-messages.js";
import { sameJson } from "./same-json.js";

/**
 * What turns the stored chat into `incoming` (validated first; INVALID_ARGUMENT, nothing
 * planned, on bad input):
 * - the longest prefix of messages with the same ids in the same positions is kept; each of them
 *   whose content changed (parts grown during a tool call, metadata added) gets an "updated"
 *   message event; "changed" compares JSON values (key order and undefined members aside), and
 *   only changed and new messages are checked and copied;
 * - when stored messages follow that prefix (a regenerated answer, an edited earlier message),
 *   one truncate event drops them;
 * - every incoming message after the prefix gets an "added" message event.
 * Returns `[]` when nothing changed.
 */
export function planSave(
  stored: ChatSnapshot,
  incoming: readonly UIMessage[],
  operation: ChatOperation,
  key: SessionKey,
): ChatEventContent[] {
  const ids = messageIds(incoming, operation, key);
  let prefix = 0;
  while (prefix < stored.ids.length && prefix < ids.length && stored.ids[prefix] === ids[prefix]) {
    prefix++;
  }
  const contents: ChatEventContent[] = [];
  for (let i = 0; i < prefix; i++) {
    if (sameJson(incoming[i], stored.stored[i])) continue;
    const after = normalizeMessage(incoming[i] as UIMessage, i, operation, key);
    contents.push({ type: MESSAGE_EVENT, change: "updated", message: after });
  }
  const added = incoming
    .slice(prefix)
    .map((message, offset) => normalizeMessage(message, prefix + offset, operation, key));
  if (prefix < stored.ids.length) {
    contents.push({
      type: TRUNCATE_EVENT,
      keep: prefix,
      removedMessageIds: stored.ids.slice(prefix),
    });
  }
  for (const message of added) contents.push({ type: MESSAGE_EVENT, change: "added", message });
  return contents;
}
