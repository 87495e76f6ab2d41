import type { UIMessage } from "ai";

/** A user message with one text part. */
export function userText(id: string, text: string): UIMessage {
  return { id, role: "user", parts: [{ type: "text", text }] };
}

/** An assistant message with one text part. */
export function assistantText(id: string, text: string): UIMessage {
  return { id, role: "assistant", parts: [{ type: "text", text, state: "done" }] };
}
