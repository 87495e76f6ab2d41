import type { SessionKey, SessionRepository } from "@sessionkit/core";

/** The application's own code: it only knows the SessionRepository contract. */
export async function handleMessage(
  repo: SessionRepository,
  key: SessionKey,
  text: string,
): Promise<number> {
  await repo.getOrCreateSession(key, { recentEvents: 0 });
  await repo.appendEvent(key, { author: "user", content: { text } });
  const answer = await repo.appendEvent(key, {
    author: "assistant",
    content: { text: `ok: ${text}` },
    stateDelta: { "user:messages": text.length },
  });
  return answer.seq;
}
