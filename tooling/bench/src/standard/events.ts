import type { BenchEvent } from "./subject.js";

const WORDS = [
  "the",
  "agent",
  "called",
  "a",
  "tool",
  "to",
  "check",
  "weather",
  "in",
  "Lisbon",
  "and",
  "summarized",
  "forecast",
  "for",
  "user",
  "who",
  "asked",
  "about",
  "rain",
  "tomorrow",
  "morning",
  "then",
  "booked",
  "table",
  "near",
  "river",
  "at",
  "eight",
];

/** A deterministic sentence of about `length` characters for event `i`. */
function sentence(i: number, length: number): string {
  let text = `Turn ${i}:`;
  let k = i * 7;
  while (text.length < length) {
    text += ` ${WORDS[k % WORDS.length]}`;
    k = (k * 31 + 17) % 1009;
  }
  return text.slice(0, length);
}

/**
 * Event `i` of a workload: ~300 bytes of JSON content (role, text, one part); every fifth event
 * (i = 4, 9, 14, …) carries the state delta `{ turn: i, "user:lastTurn": i }`.
 */
export function benchEvent(i: number, timestamp: number, idPrefix = "e"): BenchEvent {
  const author = i % 2 === 0 ? "user" : "assistant";
  const event: BenchEvent = {
    id: `${idPrefix}${i}`,
    author,
    content: {
      role: author === "user" ? "user" : "model",
      text: sentence(i, 200),
      parts: [{ kind: "text", tokens: 40 + (i % 60) }],
    },
    timestamp,
    ...((i + 1) % 5 === 0 ? { stateDelta: { turn: i, "user:lastTurn": i } } : {}),
  };
  return event;
}

/** `count` events numbered from `from`, for a batch. */
export function benchEvents(
  from: number,
  count: number,
  timestamp: number,
  idPrefix = "e",
): BenchEvent[] {
  return Array.from({ length: count }, (_, k) => benchEvent(from + k, timestamp, idPrefix));
}
