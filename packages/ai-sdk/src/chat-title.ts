import type { UIMessage } from "ai";

/** Longest title derived from a message, in characters. */
export const DERIVED_TITLE_LENGTH = 80;

/**
 * A chat's default title: the text of its first user message, whitespace collapsed, cut to
 * {@link DERIVED_TITLE_LENGTH} characters (with "…"); `null` when no user message has text.
 */
export function deriveChatTitle(messages: readonly UIMessage[]): string | null {
  for (const message of messages) {
    if (message.role !== "user") continue;
    const text = message.parts
      .map((part) => (part.type === "text" ? part.text : ""))
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
    if (text.length === 0) continue;
    const chars = Array.from(text);
    return chars.length <= DERIVED_TITLE_LENGTH
      ? text
      : `${chars.slice(0, DERIVED_TITLE_LENGTH - 1).join("")}…`;
  }
  return null;
}
