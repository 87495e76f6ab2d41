import type { SessionKey } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError, expectWatchError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";
import { observe } from "../support/observe.js";
import { capabilityGate } from "../support/skip.js";

/** A session is found only under its own app and user, on every read and write path. */
export function tenantGroup({ target, repo }: SuiteContext): void {
  describe("tenant isolation", () => {
    const owner = sessionKey("s1", "alice", "app");
    const strangers: Array<[string, SessionKey]> = [
      ["another user", sessionKey("s1", "mallory", "app")],
      ["another app", sessionKey("s1", "alice", "other-app")],
      ["another user and app", sessionKey("s1", "mallory", "other-app")],
      ["a differently cased user", sessionKey("s1", "Alice", "app")],
    ];

    async function seed(): Promise<void> {
      await repo().createSession(owner, { state: { secret: "s", "user:u": 1, "app:a": 2 } });
      await repo().appendEvent(owner, textEvent(1, { content: { text: "classified payload" } }));
    }

    for (const [who, stranger] of strangers) {
      describe(`with ${who}`, () => {
        it("reads nothing through getSession, listEvents, readSnapshot and state reads", async () => {
          await seed();
          expect(await repo().getSession(stranger)).toBeNull();
          expect(await repo().getSession(stranger, { includeExpired: true })).toBeNull();
          await expectError(repo().listEvents(stranger), "NOT_FOUND");
          await expectError(repo().listEvents(stranger, { includeExpired: true }), "NOT_FOUND");
          expect(await repo().readSnapshot(stranger)).toBeNull();
          if (stranger.userId !== owner.userId || stranger.appName !== owner.appName) {
            expect(
              await repo().getUserState({ appName: stranger.appName, userId: stranger.userId }),
            ).toEqual({});
          }
          if (stranger.appName !== owner.appName) {
            expect(await repo().getAppState({ appName: stranger.appName })).toEqual({});
          }
        });

        it("lists nothing through listSessions", async () => {
          await seed();
          const listed = await repo().listSessions({
            appName: stranger.appName,
            userId: stranger.userId,
            status: "all",
          });
          expect(listed.sessions).toEqual([]);
          const byApp = await repo().listSessions({ appName: stranger.appName, status: "all" });
          expect(byApp.sessions.map((s) => [s.appName, s.userId, s.id])).toEqual(
            stranger.appName === owner.appName ? [["app", "alice", "s1"]] : [],
          );
        });

        it("changes nothing through appendEvent, updateState, expireSession and deleteSession", async () => {
          await seed();
          const before = await observe(repo(), [owner]);
          await expectError(repo().appendEvent(stranger, textEvent(2)), "NOT_FOUND");
          await expectError(repo().appendEvents(stranger, [textEvent(2)]), "NOT_FOUND");
          await expectError(repo().updateState(stranger, { secret: "overwritten" }), "NOT_FOUND");
          await expectError(repo().expireSession(stranger), "NOT_FOUND");
          expect(await repo().deleteSession(stranger)).toBe(false);
          expect(await observe(repo(), [owner])).toEqual(before);
        });

        it("watches nothing: watch throws NOT_FOUND", async () => {
          await seed();
          await expectWatchError(() => repo().watch(stranger), "NOT_FOUND");
          await expectWatchError(() => repo().watch(stranger, { afterSeq: 0 }), "NOT_FOUND");
        });

        const search = capabilityGate(
          target,
          "finds nothing through searchEvents",
          target.capabilities.search !== "none",
          'capabilities.search is "none"',
        );
        it.skipIf(search.skip)(search.title, async () => {
          await seed();
          for (const options of [
            { appName: stranger.appName, userId: stranger.userId },
            { appName: stranger.appName, userId: stranger.userId, sessionId: "s1" },
          ]) {
            expect(await repo().searchEvents({ ...options, query: "classified" })).toEqual([]);
          }
        });
      });
    }

    it("finds the session under its own key (control for the cases above)", async () => {
      await seed();
      const page = await repo().listSessions({ appName: "app", userId: "alice" });
      expect(page.sessions.map((s) => s.id)).toEqual(["s1"]);
      expect((await repo().getSession(owner))?.lastSeq).toBe(1);
      expect((await repo().listEvents(owner)).events.map((e) => e.id)).toEqual(["e1"]);
    });
  });
}
