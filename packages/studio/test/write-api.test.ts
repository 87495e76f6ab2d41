import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi } from "./support/api-client.js";
import { SUPPORT_SESSION, seedDemoStore } from "./support/demo-store.js";
import { type StudioFixture, studioOnSqlite } from "./support/studio-fixture.js";

describe("state edits and deletes with allowWrites", () => {
  let fixture: StudioFixture;
  const key = {
    app: SUPPORT_SESSION.appName,
    user: SUPPORT_SESSION.userId,
    session: SUPPORT_SESSION.sessionId,
  };

  beforeAll(async () => {
    fixture = await studioOnSqlite(seedDemoStore, { allowWrites: true });
  });
  afterAll(async () => {
    await fixture?.dispose();
  });

  it("sets a key through updateState (a system event in the audit trail), null deletes it", async () => {
    const set = await callApi<{ event: { seq: number; author: string; stateDelta: unknown } }>(
      fixture.studio,
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
      fixture.studio,
      "/api/state/update",
      { ...key, key: "order_status", value: "null" },
      "POST",
    );
    const session = await fixture.repository.getSession(SUPPORT_SESSION, { recentEvents: 0 });
    expect(session?.state.refund_state).toBe("closed");
    expect(session?.state).not.toHaveProperty("order_status");
  });

  it("refuses a value that is not JSON, changing nothing", async () => {
    const before = (await fixture.repository.getSession(SUPPORT_SESSION, { recentEvents: 0 }))
      ?.revision;
    const bad = await callApi<{ error: { code: string; remedy: string } }>(
      fixture.studio,
      "/api/state/update",
      { ...key, key: "refund_state", value: "closed" },
      "POST",
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID_ARGUMENT");
    expect(bad.body.error.remedy).toContain("JSON");
    expect(
      (await fixture.repository.getSession(SUPPORT_SESSION, { recentEvents: 0 }))?.revision,
    ).toBe(before);
  });

  it("deletes a session with its events", async () => {
    const plain = { app: "support-bot", user: "u-0", session: "s-plain-0" };
    const deleted = await callApi<{ deleted: boolean }>(
      fixture.studio,
      "/api/session/delete",
      plain,
      "POST",
    );
    expect(deleted.body).toEqual({ deleted: true });
    expect(
      await fixture.repository.getSession(
        { appName: "support-bot", userId: "u-0", sessionId: "s-plain-0" },
        { includeExpired: true },
      ),
    ).toBeNull();
  });
});
