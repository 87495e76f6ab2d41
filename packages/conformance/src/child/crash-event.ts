import type { NewEvent } from "@sessionkit/core";

/** The deterministic event number `i` of the crash test (what was written can be recomputed). */
export function crashEvent(i: number): NewEvent & { id: string } {
  const payload = `${i}:`.padEnd(200 + (i % 7) * 300, String.fromCharCode(97 + (i % 26)));
  return {
    id: `c${i}`,
    author: "crash-writer",
    content: { i, payload, length: payload.length },
    stateDelta: { last: i, [`k${i % 5}`]: payload.slice(0, 20) },
    timestamp: 1_700_000_000_000 + i,
  };
}
