import { createPublicKey, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSqldToken } from "../src/libsql-server.js";

const dir = mkdtempSync(join(tmpdir(), "snippet-libsql-server-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/libsql-server.md: the token for --auth-jwt-key-file", () => {
  it("is an EdDSA JWT granting read-write for the given hours, signed by the written key", () => {
    const pem = join(dir, "sqld-jwt.pem");
    const token = createSqldToken(pem, 2);
    const [header, payload, signature] = token.split(".");
    const decode = (part: string | undefined) =>
      JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    expect(decode(header)).toEqual({ alg: "EdDSA", typ: "JWT" });
    const claims = decode(payload);
    expect(claims.a).toBe("rw");
    expect(claims.exp - claims.iat).toBe(7200);
    const publicKey = createPublicKey(readFileSync(pem, "utf8"));
    expect(publicKey.asymmetricKeyType).toBe("ed25519");
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify(null, signed, publicKey, Buffer.from(signature ?? "", "base64url"))).toBe(true);
    expect(
      verify(
        null,
        Buffer.from(`${header}.x`),
        publicKey,
        Buffer.from(signature ?? "", "base64url"),
      ),
    ).toBe(false);
  });
});
