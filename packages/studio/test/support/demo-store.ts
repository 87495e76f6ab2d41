import type { NewEvent, SessionKey, SessionRepository } from "@sessionkit/core";

/** The session the browser tests open: an ADK support conversation with state deltas. */
export const SUPPORT_SESSION: SessionKey = {
  appName: "support-bot",
  userId: "u-ada",
  sessionId: "s-refund-42",
};

/** A Japanese word held by one event of the demo store (the search test looks for it). */
export const JAPANESE_WORD = "返品";

const MINUTE = 60_000;

/**
 * Fills `repo` with a small, realistic store: an ADK conversation with a function call and
 * state deltas (plus app and user state), an AI SDK chat of UIMessages, an OpenAI Agents
 * history, plain-text sessions with metadata, a Japanese conversation and an expired session.
 */
export async function seedDemoStore(repo: SessionRepository, now = Date.now()): Promise<void> {
  const at = (minutesAgo: number) => now - minutesAgo * MINUTE;
  for (let i = 0; i < 8; i++) {
    const key = { appName: "support-bot", userId: `u-${i % 3}`, sessionId: `s-plain-${i}` };
    await repo.createSession(key, { metadata: { channel: i % 2 === 0 ? "web" : "email" } });
    await repo.appendEvents(key, [
      { author: "user", content: `Question ${i}: where is my parcel?`, timestamp: at(120 + i) },
      {
        author: "support_agent",
        content: { text: `Parcel ${i} is in transit.` },
        timestamp: at(119 + i),
      },
    ]);
    // Listings order by updatedAt (the real clock): one millisecond each keeps the order the
    // tests expect instead of a tie broken by user id.
    await nextMillisecond();
  }
  const old = { appName: "support-bot", userId: "u-0", sessionId: "s-expired" };
  await repo.createSession(old);
  await repo.appendEvent(old, { author: "user", content: "hello?", timestamp: at(600) });
  await repo.expireSession(old);
  const chat = { appName: "chat-web", userId: "u-bo", sessionId: "chat-weather" };
  await repo.createSession(chat, { metadata: { channel: "mobile" } });
  await repo.appendEvents(chat, [
    uiMessage("m1", "user", [{ type: "text", text: "What's the weather in Lisbon?" }], at(60)),
    uiMessage(
      "m2",
      "assistant",
      [
        { type: "step-start" },
        {
          type: "tool-getWeather",
          toolCallId: "t1",
          state: "output-available",
          input: { city: "Lisbon" },
          output: { tempC: 21, sky: "clear" },
        },
        { type: "text", text: "It's 21 °C and clear in Lisbon." },
      ],
      at(59.8),
    ),
  ]);

  const agents = { appName: "agents", userId: "u-cy", sessionId: "triage-7" };
  await repo.createSession(agents, { metadata: { channel: "api" } });
  await repo.appendEvents(agents, [
    {
      author: "agents:item",
      content: { role: "user", content: "Book a table for two at 8pm" },
      timestamp: at(45),
    },
    {
      author: "agents:item",
      content: {
        type: "function_call",
        name: "book_table",
        callId: "c1",
        arguments: '{"people":2,"time":"20:00"}',
      },
      timestamp: at(44.9),
    },
    {
      author: "agents:item",
      content: {
        type: "function_call_result",
        name: "book_table",
        callId: "c1",
        output: { type: "text", text: "confirmed #A17" },
      },
      timestamp: at(44.8),
    },
    {
      author: "agents:item",
      content: {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "Booked: table for two at 20:00 (#A17)." }],
      },
      timestamp: at(44.7),
    },
  ]);

  await nextMillisecond();
  const japanese = { appName: "support-bot", userId: "u-hana", sessionId: "s-jp-returns" };
  await repo.createSession(japanese, { metadata: { channel: "line", tier: "silver" } });
  await repo.appendEvents(japanese, [
    adk("user", `注文した靴の${JAPANESE_WORD}をお願いします。サイズが合いませんでした。`, at(15)),
    adk("support_agent", `${JAPANESE_WORD}のラベルをメールでお送りしました。`, at(14.5)),
  ]);

  await nextMillisecond();
  await repo.createSession(SUPPORT_SESSION, {
    metadata: { channel: "web", tier: "gold" },
    state: { "app:model": "gemini-2.5-flash", "user:language": "en" },
  });
  await repo.appendEvents(SUPPORT_SESSION, [
    adk("user", "Hi, I'd like a refund for order 1042. The blender arrived broken.", at(30)),
    {
      ...adk("support_agent", null, at(29.5)),
      content: {
        author: "support_agent",
        content: {
          role: "model",
          parts: [
            { functionCall: { id: "call-1", name: "lookup_order", args: { orderId: "1042" } } },
          ],
        },
      },
    },
    {
      ...adk("support_agent", null, at(29.4)),
      content: {
        author: "support_agent",
        content: {
          role: "user",
          parts: [
            {
              functionResponse: {
                id: "call-1",
                name: "lookup_order",
                response: { status: "delivered", total: 89.9 },
              },
            },
          ],
        },
      },
      stateDelta: { order_id: "1042", order_status: "delivered" },
    },
    {
      ...adk(
        "support_agent",
        "I found order 1042 (delivered, 89.90 €). I've opened a refund request.",
        at(29),
      ),
      stateDelta: { refund_state: "requested", "user:open_tickets": 1 },
    },
    adk("user", "Thanks! How long will it take?", at(20)),
    {
      ...adk("support_agent", "Refunds reach your card within 5 business days.", at(19.8)),
      stateDelta: { refund_state: "approved" },
    },
  ]);
}

function adk(author: string, text: string | null, timestamp: number): NewEvent {
  const role = author === "user" ? "user" : "model";
  return {
    author,
    timestamp,
    metadata: { format: "adk-event/1" },
    content: { author, content: { role, parts: text === null ? [] : [{ text }] } },
  };
}

function uiMessage(
  id: string,
  role: "user" | "assistant",
  parts: unknown[],
  timestamp: number,
): NewEvent {
  return {
    author: role,
    timestamp,
    content: { type: "ui-message", change: "added", message: { id, role, parts } } as never,
  };
}

/** Sizes of {@link seedScaleStore}. */
export interface ScaleSizes {
  /** Events of the one big session ("scale"/"u-big"/"s-big"). */
  bigSessionEvents: number;
  /** Other sessions, spread over 1,000 users. */
  sessions: number;
  /** Events of each other session. */
  eventsPerSession: number;
}

/** The big session of {@link seedScaleStore}. */
export const BIG_SESSION: SessionKey = { appName: "scale", userId: "u-big", sessionId: "s-big" };

/**
 * Fills `repo` for the scale measurement: one session with `bigSessionEvents` events and
 * `sessions` more with `eventsPerSession` each, appended in large atomic batches.
 * @returns the number of events written.
 */
export async function seedScaleStore(
  repo: SessionRepository,
  sizes: ScaleSizes,
  now = Date.now(),
): Promise<number> {
  const start = now - 86_400_000;
  await repo.createSession(BIG_SESSION, { metadata: { kind: "long-running" } });
  const batch = 1_000;
  for (let seq = 0; seq < sizes.bigSessionEvents; seq += batch) {
    const events: NewEvent[] = [];
    for (let i = seq; i < Math.min(sizes.bigSessionEvents, seq + batch); i++) {
      events.push({
        author: i % 2 === 0 ? "user" : "agent",
        content: `turn ${i + 1}: ${i % 2 === 0 ? "what is next?" : "here is the next step"}`,
        timestamp: start + i,
        ...(i % 50 === 0 ? { stateDelta: { step: i + 1 } } : {}),
      });
    }
    await repo.appendEvents(BIG_SESSION, events);
  }
  const perTransaction = 2_000;
  for (let first = 0; first < sizes.sessions; first += perTransaction) {
    await repo.transaction(async (tx) => {
      for (let s = first; s < Math.min(sizes.sessions, first + perTransaction); s++) {
        const key = { appName: "scale", userId: `u-${s % 1000}`, sessionId: `s-${s}` };
        await tx.createSession(key, { metadata: { shard: s % 16 } });
        const events: NewEvent[] = [];
        for (let i = 0; i < sizes.eventsPerSession; i++) {
          events.push({
            author: i % 2 === 0 ? "user" : "agent",
            content: `session ${s} message ${i}`,
            timestamp: start + s * 10 + i,
          });
        }
        if (events.length > 0) await tx.appendEvents(key, events);
      }
    });
  }
  return sizes.bigSessionEvents + sizes.sessions * sizes.eventsPerSession;
}

/** Resolves once Date.now() has moved on from its value at the call. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1));
}
