/**
 * The code of docs/libsql-server.md: a repository on a libSQL server (sqld), a JWT for a server
 * started with --auth-jwt-key-file, an embedded replica. Type-checked here; the token is checked
 * by test/libsql-server.test.ts (the server side is tested in packages/libsql).
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createLibsqlRepository } from "@sessionkit/libsql";

/** A repository on the server at `url`: "ws://127.0.0.1:8080", "http://…", "libsql://…". */
export async function openOnServer(url: string, authToken?: string) {
  const repo = createLibsqlRepository({ url, authToken }); // authToken: when the server wants one
  await repo.open();
  return repo;
}

/** Writes the public key for `sqld --auth-jwt-key-file <pemFile>`; returns a token for clients. */
export function createSqldToken(pemFile: string, hours = 1): string {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  writeFileSync(pemFile, publicKey.export({ type: "spki", format: "pem" }));
  const b64 = (v: string | Buffer) => Buffer.from(v).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = { iat: now, exp: now + hours * 3600, a: "rw" }; // "rw": read and write
  const body = `${b64(JSON.stringify({ alg: "EdDSA", typ: "JWT" }))}.${b64(JSON.stringify(claims))}`;
  return `${body}.${b64(sign(null, Buffer.from(body), privateKey))}`;
}

/** An embedded replica: reads from a local file, writes to the server at `serverUrl`. */
export async function openReplica(file: string, serverUrl: string, authToken?: string) {
  const repo = createLibsqlRepository({
    url: `file:${file}`, // the local copy: one file per process
    syncUrl: serverUrl, // http(s):// or libsql:// — replication does not run over ws://
    authToken,
    syncIntervalSeconds: 5, // optional: pull in the background; or call repo.sync()
  });
  await repo.open();
  return repo;
}
