import { describe, expect, it } from "vitest";
import { callApi } from "./support/api-client.js";
import { SUPPORT_SESSION, seedDemoStore } from "./support/demo-store.js";
import { useStudio } from "./support/studio-fixture.js";

describe("the studio API on a real SQLite store", () => {
  const suite = useStudio(seedDemoStore);
  const key = {
    app: SUPPORT_SESSION.appName,
    user: SUPPORT_SESSION.userId,
    session: SUPPORT_SESSION.sessionId,
  };

  it("lists every app, skipping from one to the next in key order", async () => {
    const { body } = await callApi(suite.fixture.studio, "/api/apps");
    expect(body).toEqual({ apps: ["agents", "chat-web", "support-bot"] });
  });

  it("filters sessions by user, status and metadata, with keyset cursors", async () => {
    const web = await callApi<{ sessions: { id: string }[] }>(
      suite.fixture.studio,
      "/api/sessions",
      {
        app: "support-bot",
        metadata: JSON.stringify({ channel: "web" }),
      },
    );
    expect(web.body.sessions.map((s) => s.id)).toEqual([
      "s-refund-42",
      "s-plain-6",
      "s-plain-4",
      "s-plain-2",
      "s-plain-0",
    ]);
    const expired = await callApi<{ sessions: { id: string }[] }>(
      suite.fixture.studio,
      "/api/sessions",
      {
        app: "support-bot",
        status: "expired",
      },
    );
    expect(expired.body.sessions.map((s) => s.id)).toEqual(["s-expired"]);
    const first = await callApi<{ sessions: { id: string }[]; nextCursor: string }>(
      suite.fixture.studio,
      "/api/sessions",
      { app: "support-bot", limit: 4 },
    );
    const second = await callApi<{ sessions: { id: string }[] }>(
      suite.fixture.studio,
      "/api/sessions",
      {
        app: "support-bot",
        limit: 4,
        cursor: first.body.nextCursor,
      },
    );
    expect(first.body.sessions.map((s) => s.id)).toEqual([
      "s-refund-42",
      "s-jp-returns",
      "s-plain-7",
      "s-plain-6",
    ]);
    expect(second.body.sessions.map((s) => s.id)).toEqual([
      "s-plain-5",
      "s-plain-4",
      "s-plain-3",
      "s-plain-2",
    ]);
  });

  it("splits the session's state by scope and lists the events that set a key", async () => {
    const { body } = await callApi<{ state: Record<string, unknown> }>(
      suite.fixture.studio,
      "/api/session",
      key,
    );
    expect(body.state).toEqual({
      session: { order_id: "1042", order_status: "delivered", refund_state: "approved" },
      user: { language: "en", open_tickets: 1 },
      app: { model: "gemini-2.5-flash" },
    });
    const history = await callApi<{
      changes: { seq: number; value: unknown }[];
      complete: boolean;
    }>(suite.fixture.studio, "/api/state/history", { ...key, key: "refund_state" });
    expect(history.body.changes.map((c) => [c.seq, c.value])).toEqual([
      [6, "approved"],
      [4, "requested"],
    ]);
    expect(history.body.complete).toBe(true);
  });

  it("answers a bad parameter with INVALID_ARGUMENT naming it and a remedy", async () => {
    const { status, body } = await callApi<{
      error: { code: string; message: string; remedy: string };
    }>(suite.fixture.studio, "/api/events", { ...key, afterSeq: "-1" });
    expect(status).toBe(400);
    expect(body.error.code).toBe("INVALID_ARGUMENT");
    expect(body.error.message).toContain('"afterSeq"');
    expect(body.error.remedy).toBe("pass afterSeq as digits");
  });
});
