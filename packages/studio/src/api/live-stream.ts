import type { ServerResponse } from "node:http";
import type { SessionKey, SessionRepository } from "@sessionkit/core";
import type { ApiContext } from "./api-context.js";
import { storeOf } from "./api-context.js";
import type { RequestParams } from "./request-params.js";
import { errorResponse, studioError } from "./studio-error.js";

/** One live stream watches at most this many sessions. */
const MAX_WATCHED = 20;
/** A comment line this often keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

interface WatchedSession extends SessionKey {
  /** Replay stored events after this seq first (none: only new events). */
  afterSeq?: number;
}

/**
 * `GET /api/watch?watch=<JSON [{appName,userId,sessionId,afterSeq?}]>`: server-sent events from
 * the store's `watch` of each session (stored events as `append`, streaming ones with
 * `partial: true`), merged into one stream (one connection, whatever the number of sessions).
 * A watch that fails sends an `error` event with the code and remedy; the others go on. Ends
 * when the client disconnects or the studio closes (`signal`).
 */
export async function streamWatch(
  params: RequestParams,
  ctx: ApiContext,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const repo = storeOf(ctx, params);
  const watched = parseWatched(params);
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  response.write(": watching\n\n");
  const send = (name: string, data: unknown) => {
    if (!response.writableEnded)
      response.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const heartbeat = setInterval(() => response.write(": heartbeat\n\n"), HEARTBEAT_MS);
  try {
    await Promise.all(watched.map((session) => pump(repo, session, signal, send)));
  } finally {
    clearInterval(heartbeat);
  }
  send("end", {});
  response.end();
}

async function pump(
  repo: SessionRepository,
  session: WatchedSession,
  signal: AbortSignal,
  send: (name: string, data: unknown) => void,
): Promise<void> {
  const { afterSeq, ...key } = session;
  try {
    for await (const event of repo.watch(key, {
      signal,
      ...(afterSeq !== undefined ? { afterSeq } : {}),
    })) {
      send("append", { key, event });
    }
    if (!signal.aborted) send("closed", { key });
  } catch (error) {
    if (!signal.aborted) send("error", { key, ...errorResponse(error).body });
  }
}

function parseWatched(params: RequestParams): WatchedSession[] {
  const raw = params.required("watch");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_WATCHED &&
    value.every(
      (item) =>
        typeof item === "object" &&
        item !== null &&
        typeof item.appName === "string" &&
        typeof item.userId === "string" &&
        typeof item.sessionId === "string" &&
        (item.afterSeq === undefined || Number.isSafeInteger(item.afterSeq)),
    );
  if (!valid) {
    throw studioError(
      "INVALID_ARGUMENT",
      "watch",
      `"watch" must be a JSON array of 1 to ${MAX_WATCHED} {appName, userId, sessionId, afterSeq?}`,
      "pass the sessions to watch as JSON",
    );
  }
  return value as WatchedSession[];
}
