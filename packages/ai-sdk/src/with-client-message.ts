import type { UIMessage } from "ai";

/**
 * The chat to answer when a client sends only its latest message (the AI SDK guide's
 * `prepareSendMessagesRequest` pattern): the stored `history` followed by `message`. When the
 * history already holds a message with that id — the client resends it after a failure, edits it,
 * or regenerates the reply to it — the history is cut before that message first, so the chat never
 * holds an id twice and a regenerated answer replaces the old one when the chat is saved (a
 * truncate event; the old answer stays in the log). Returns a new array; never throws.
 */
export function withClientMessage<MESSAGE extends UIMessage>(
  history: readonly MESSAGE[],
  message: MESSAGE,
): MESSAGE[] {
  const at = history.findIndex((m) => m.id === message.id);
  return [...(at === -1 ? history : history.slice(0, at)), message];
}
