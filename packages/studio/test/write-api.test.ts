import { describe, expect, it } from "vitest";
import { callApi } from "./support/api-client.js";
import { SUPPORT_SESSION, seedDemoStore } from "./support/demo-store.js";
import { useStudio } from "./support/studio-fixture.js";

describe("state edits and deletes with allowWrites", () => {
  const suite = useStudio(seedDemoStore, { allowWrites: true });
  const key = {
    app: SUPPORT_SESSION.appName,
    user: SUPPORT_SESSION.userId,
    session: SUPPORT_SESSION.sessionId,
  };

  it("sets a key through updateState (a system event in the audit trail), null deletes it", async () => {
    const set = await callApi<{ event: { seq: number; author: string; stateDelta: unknown } }>(
      suite.fixture.studio,
      "/api/state/update",
      { ...key, key: "refund_state", value: '"closed"' },
      "POST",
    );
    expect(set.status).toBe(200);
    expect(set.body.event).toMatchObject({
      seq: 7,
      author: "system",
      stateDelta: { refund_state: "closed" },
    });
    await callApi(
      suite.fixture.studio,
      "/api/state/update",
      { ...key, key: "order_status", value: "null" },
      "POST",
    );
    const session = await suite.fixture.repository.getSession(SUPPORT_SESSION, { recentEvents: 0 });
    expect(session?.state.refund_state).toBe("closed");
    expect(session?.state).not.toHaveProperty("order_status");
  });

  it("refuses a value that is not JSON, changing nothing", async () => {
    const before = (await suite.fixture.repository.getSession(SUPPORT_SESSION, { recentEvents: 0 }))
      ?.revision;
    const bad = await callApi<{ error: { code: string; remedy: string } }>(
      suite.fixture.studio,
      "/api/state/update",
      { ...key, key: "refund_state", value: "closed" },
      "POST",
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID_ARGUMENT");
    expect(bad.body.error.remedy).toContain("JSON");
    expect(
      (await suite.fixture.repository.getSession(SUPPORT_SESSION, { recentEvents: 0 }))?.revision,
    ).toBe(before);
  });

  it("deletes a session with its events", async () => {
    const plain = { app: "support-bot", user: "u-0", session: "s-plain-0" };
    const deleted = await callApi<{ deleted: boolean }>(
      suite.fixture.studio,
      "/api/session/delete",
      plain,
      "POST",
    );
    expect(deleted.body).toEqual({ deleted: true });
    expect(
      await suite.fixture.repository.getSession(
        { appName: "support-bot", userId: "u-0", sessionId: "s-plain-0" },
        { includeExpired: true },
      ),
    ).toBeNull();
  });
});
