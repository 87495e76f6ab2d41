import type { SessionEvent, SessionKey } from "@sessionkit/core";

/** The session both processes use. */
export const key: SessionKey = { appName: "streaming", userId: "ada", sessionId: "turn-demo" };

/** The text of an event's `{ text }` content, or "" for anything else. */
export function textOf(event: SessionEvent): string {
  const content = event.content;
  if (content && typeof content === "object" && !Array.isArray(content)) {
    const text = content.text;
    if (typeof text === "string") return text;
  }
  return "";
}
