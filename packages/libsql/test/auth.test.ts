import { isSessionKitError, type SessionRepository } from "@sessionkit/core";
import { createLibsqlRepository, openFromUrl } from "@sessionkit/libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtKeys, signJwt } from "./support/jwt.js";
import { type SqldServer, startSqld } from "./support/sqld-server.js";

const key = { appName: "app", userId: "alice", sessionId: "secret-session" };

describe("a JWT-protected libSQL server (--auth-jwt-key-file, Ed25519)", () => {
  const keys = createJwtKeys();
  const stranger = createJwtKeys();
  let server: SqldServer;

  beforeAll(async () => {
    server = await startSqld({ jwtPublicKeyPem: keys.publicKeyPem });
    const owner = await openFromUrl(server.httpUrl, { authToken: signJwt(keys.privateKey) });
    await owner.createSession(key, { state: { secret: "s3cr3t" } });
    await owner.appendEvent(key, { author: "user", content: "private words" });
    await owner.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const protocol of ["http", "ws"] as const) {
    const urlOf = () => (protocol === "http" ? server.httpUrl : server.wsUrl);

    it(`${protocol}: a token signed by the server's key reads the data`, async () => {
      const repo = await openFromUrl(urlOf(), { authToken: signJwt(keys.privateKey) });
      try {
        const session = await repo.getSession(key);
        expect(session?.state).toEqual({ secret: "s3cr3t" });
        expect(session?.events?.map((e) => e.content)).toEqual(["private words"]);
      } finally {
        await repo.close();
      }
    });

    // (sqld 0.24.32 does not check the `exp` claim, so an expired token is not among these.)
    const rejected: Array<[string, () => string | undefined]> = [
      ["no token", () => undefined],
      ["a token signed by another key", () => signJwt(stranger.privateKey)],
      ["a malformed token", () => "not-a-jwt"],
    ];
    for (const [label, token] of rejected) {
      it(`${protocol}: ${label} → a typed SessionKitError at open, no data exposed`, async () => {
        const error = await openFromUrl(urlOf(), { authToken: token() }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(isSessionKitError(error)).toBe(true);
        if (!isSessionKitError(error)) return;
        expect(error.code).toBe("IO");
        expect(error.adapter).toBe("libsql");
        // http answers 401 ("rejected the credentials"); over ws the server closes the socket.
        expect(error.message).toMatch(/rejected the credentials|closed or refused the WebSocket/);
        expect(error.remedy).toMatch(/authToken/);
        expect(error.cause).toBeDefined();
        expect(error.message).not.toMatch(/s3cr3t|private words/);
      });

      it(`${protocol}: ${label} → every operation of a lazily opened repository fails typed`, async () => {
        const repo: SessionRepository = createLibsqlRepository({
          url: urlOf(),
          authToken: token(),
        });
        try {
          for (const call of [
            () => repo.getSession(key),
            () => repo.listSessions({ appName: "app" }),
            () => repo.searchEvents({ appName: "app", query: "private" }),
          ]) {
            const error = await call().then(
              () => null,
              (e: unknown) => e,
            );
            expect(isSessionKitError(error, "IO"), String(error)).toBe(true);
            expect(String(error)).not.toMatch(/s3cr3t|private words/);
          }
          expect((await repo.health()).ok).toBe(false);
        } finally {
          await repo.close();
        }
      });
    }
  }
});
