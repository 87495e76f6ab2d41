import type { SessionEvent } from "@sessionkit/core";

/**
 * A stand-in for a language model: answers from the conversation so far, deterministically, so
 * the example runs offline and its test can check the output. Replace it with your model call.
 */
export function reply(history: readonly SessionEvent[], userText: string): string {
  const userTurns = history.filter((e) => e.author === "user").length;
  if (/^my name is\s+/i.test(userText)) {
    return `Nice to meet you, ${userText.replace(/^my name is\s+/i, "").trim()}!`;
  }
  return `You said "${userText}" (message ${userTurns} of this conversation).`;
}
