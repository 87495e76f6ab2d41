import type { NewEvent, SessionKey } from "@sessionkit/core";

/** A session key with short defaults: app "app", user "u1", session "s1". */
export function sessionKey(sessionId = "s1", userId = "u1", appName = "app"): SessionKey {
  return { appName, userId, sessionId };
}

/** A fixed instant (2024-01-01T00:00:00Z) used as the base of explicit timestamps. */
export const BASE_TIME = 1_704_067_200_000;

/** A deterministic event `e<n>` with an explicit timestamp BASE_TIME + n. */
export function textEvent(n: number, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    id: `e${n}`,
    author: "user",
    content: { text: `message ${n}` },
    timestamp: BASE_TIME + n,
    ...extra,
  };
}

/** `count` events e<from>…, in order. */
export function textEvents(count: number, from = 1): NewEvent[] {
  return Array.from({ length: count }, (_, i) => textEvent(from + i));
}

/** Sleeps; used only to let asynchronous machinery settle, never to assert speed. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
