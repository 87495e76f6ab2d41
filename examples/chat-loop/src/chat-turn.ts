import type { JsonObject, SessionKey, SessionRepository } from "@sessionkit/core";
import { reply } from "./reply.js";

/** What one turn stored: the assistant's answer and the session's event count afterwards. */
export interface TurnResult {
  answer: string;
  lastSeq: number;
}

/**
 * One chat turn: store the user's message, read the recent history, answer, store the answer.
 * Each append is its own transaction in the store; the event ids make a retried turn idempotent.
 */
export async function chatTurn(
  repo: SessionRepository,
  key: SessionKey,
  turnId: string,
  userText: string,
): Promise<TurnResult> {
  await repo.appendEvent(key, {
    id: `${turnId}:user`,
    invocationId: turnId,
    author: "user",
    content: { text: userText },
  });
  const session = await repo.getSession(key, { recentEvents: 20 });
  if (!session) throw new Error(`session ${key.sessionId} vanished`);
  const answer = reply(session.events ?? [], userText);
  const name = /^my name is\s+(.+)$/i.exec(userText)?.[1]?.trim();
  const stateDelta: JsonObject = {
    turns: Number(session.state.turns ?? 0) + 1,
    ...(name ? { "user:name": name } : {}),
  };
  const stored = await repo.appendEvent(key, {
    id: `${turnId}:assistant`,
    invocationId: turnId,
    author: "assistant",
    content: { text: answer },
    stateDelta,
  });
  return { answer, lastSeq: stored.seq };
}
