import type { SessionEvent, SessionRepository, SessionSnapshot } from "@sessionkit/core";

const HOUR = 3_600_000;

/** What `seedStore` wrote, for assertions. */
export const SEEDED = {
  app: "support",
  /** Active sessions of app "support" (the listing default). */
  activeInSupport: ["s-invoice", "s-hello", "s-refund", "dup", "dup", "s-idle"],
  /** Expired sessions of app "support". */
  expiredInSupport: ["s-expired-old", "s-expired-new"],
  /** Every session in the store, both apps, both statuses. */
  total: 9,
} as const;

/**
 * A small realistic store: app "support" with users alice, bob and carol (an idle session, an
 * old and a recent expired one), a session id "dup" owned by both alice and bob, and app
 * "billing" with one session.
 */
export async function seedStore(repo: SessionRepository, now = Date.now()): Promise<void> {
  const alice = { appName: "support", userId: "alice" };
  const bob = { appName: "support", userId: "bob" };
  await repo.createSession(
    { ...alice, sessionId: "s-invoice" },
    {
      state: { topic: "billing", "user:plan": "pro", "app:region": "eu" },
      metadata: { channel: "web" },
    },
  );
  await repo.appendEvents({ ...alice, sessionId: "s-invoice" }, [
    {
      id: "e1",
      author: "user",
      content: "My invoice from March is wrong",
      timestamp: now - 30 * 60_000,
    },
    {
      id: "e2",
      author: "assistant",
      content: { text: "Let me check the March invoice." },
      timestamp: now - 29 * 60_000,
    },
    {
      id: "e3",
      author: "tool",
      content: { tool: "lookup", result: { amount: 42 } },
      timestamp: now - 28 * 60_000,
    },
  ]);
  await repo.createSession({ ...alice, sessionId: "s-hello" });
  await repo.appendEvent(
    { ...alice, sessionId: "s-hello" },
    { author: "user", content: "hello there" },
  );
  await repo.createSession({ ...bob, sessionId: "s-refund" }, { metadata: { channel: "email" } });
  await repo.appendEvents({ ...bob, sessionId: "s-refund" }, [
    { author: "user", content: "I want a refund for my invoice" },
    { author: "assistant", content: "Refund issued" },
  ]);
  await repo.createSession({ ...alice, sessionId: "dup" });
  await repo.createSession({ ...bob, sessionId: "dup" });
  await repo.createSession({ appName: "billing", userId: "alice", sessionId: "b-1" });
  await repo.appendEvent(
    { appName: "billing", userId: "alice", sessionId: "b-1" },
    { author: "user", content: "invoice question" },
  );
  await repo.writeSnapshot(snapshot("s-idle", "active", now - 72 * HOUR, null), {
    mode: "replace",
  });
  await repo.writeSnapshot(
    snapshot("s-expired-old", "expired", Date.UTC(2019, 11, 1), Date.UTC(2020, 0, 1)),
    {
      mode: "replace",
    },
  );
  await repo.writeSnapshot(snapshot("s-expired-new", "expired", now - 5 * HOUR, now - HOUR), {
    mode: "replace",
  });
}

function snapshot(
  id: string,
  status: "active" | "expired",
  updatedAt: number,
  expiredAt: number | null,
): SessionSnapshot {
  const event: SessionEvent = {
    id: `${id}-e1`,
    seq: 1,
    author: "user",
    content: `old message in ${id}`,
    timestamp: updatedAt,
  };
  return {
    id,
    appName: "support",
    userId: "carol",
    status,
    metadata: {},
    state: {},
    createdAt: updatedAt - HOUR,
    updatedAt,
    expiredAt,
    revision: status === "expired" ? 3 : 2,
    lastSeq: 1,
    events: [event],
  };
}
