import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";

/** An Ed25519 key pair for a JWT-protected sqld: the server gets the SPKI PEM. */
export interface JwtKeys {
  publicKeyPem: string;
  privateKey: KeyObject;
}

export function createJwtKeys(): JwtKeys {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), privateKey };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A compact EdDSA JWT granting full access, valid for an hour. */
export function signJwt(privateKey: KeyObject, claims: Record<string, unknown> = {}): string {
  const header = base64url(JSON.stringify({ alg: "EdDSA", typ: "JWT" }));
  const now = Math.floor(Date.now() / 1000);
  const payload = base64url(JSON.stringify({ iat: now, exp: now + 3600, a: "rw", ...claims }));
  const signature = sign(null, Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}
