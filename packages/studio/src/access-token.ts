import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** A fresh access token: 32 random bytes, base64url (43 characters). */
export function newAccessToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Whether the request carries `token`: in the `x-studio-token` header (the page's API calls) or,
 * for reads only, in the `token` query parameter (the first page load and EventSource, which
 * cannot set headers). Writes must use the header: a cross-site form cannot set it, and a
 * script cannot send it cross-origin without a CORS preflight, which the studio never answers.
 */
export function carriesToken(request: IncomingMessage, url: URL, token: string): boolean {
  const header = request.headers["x-studio-token"];
  const fromHeader = typeof header === "string" ? header : undefined;
  const fromQuery =
    request.method === "GET" ? (url.searchParams.get("token") ?? undefined) : undefined;
  const given = fromHeader ?? fromQuery;
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether the Host header names this server (127.0.0.1 or localhost on its port): refuses
 * requests reaching it through another name (DNS rebinding).
 */
export function isLocalHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
