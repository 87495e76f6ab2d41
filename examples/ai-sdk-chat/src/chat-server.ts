import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChatStore, saveOnFinish, withClientMessage } from "@sessionkit/ai-sdk";
import { isSessionKitError } from "@sessionkit/core";
import { convertToModelMessages, type LanguageModel, streamText, type UIMessage } from "ai";
import { chatPageHtml } from "./page.js";

const MAX_BODY_BYTES = 1024 * 1024;

/** A running chat server. */
export interface RunningChatServer {
  /** e.g. `http://127.0.0.1:53124`. */
  url: string;
  close(): Promise<void>;
}

/** What the chat server serves. */
export interface ChatServerOptions {
  chats: ChatStore;
  model: LanguageModel;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "request body over 1 MiB");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "request body is not JSON");
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

/**
 * `POST /api/chat` with `{ chatId, message }`: the history is loaded from the store, the new
 * user message appended (a message id it already holds — a resend, a regenerate — cuts it there
 * first: withClientMessage), the reply streamed
 * as the AI SDK's UI message stream, and the chat saved when the reply ends — also when the
 * browser went away (saveOnFinish).
 */
async function postChat(
  options: ChatServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = (await readJson(request)) as { chatId?: unknown; message?: Partial<UIMessage> };
  const { chatId, message } = body ?? {};
  if (typeof chatId !== "string") throw new HttpError(400, "chatId must be a string");
  if (message?.role !== "user" || typeof message.id !== "string") {
    throw new HttpError(400, "message must be a user UIMessage with an id");
  }
  const history = await options.chats.loadChat(chatId);
  const messages = withClientMessage(history, message as UIMessage);
  const result = streamText({
    model: options.model,
    messages: await convertToModelMessages(messages),
  });
  await result.pipeUIMessageStreamToResponse(
    response,
    saveOnFinish(options.chats, { chatId, messages }),
  );
}

async function route(
  options: ChatServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.method === "GET" && url.pathname === "/") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(chatPageHtml);
    return;
  }
  if (request.method === "GET" && url.pathname === "/api/chats") {
    sendJson(response, 200, await options.chats.listChats());
    return;
  }
  if (request.method === "GET" && url.pathname.startsWith("/api/chats/")) {
    const chatId = decodeURIComponent(url.pathname.slice("/api/chats/".length));
    sendJson(response, 200, await options.chats.loadChat(chatId));
    return;
  }
  if (request.method === "POST" && url.pathname === "/api/chat") {
    await postChat(options, request, response);
    return;
  }
  throw new HttpError(404, `no route for ${request.method} ${url.pathname}`);
}

/**
 * Starts the example's HTTP server (node:http, no framework): the page at `/`, the history at
 * `GET /api/chats/:id`, the user's chats at `GET /api/chats`, the chat route at `POST /api/chat`.
 * Bad input answers 400 with the error message (a SessionKitError's says what to fix).
 */
export async function startChatServer(options: ChatServerOptions): Promise<RunningChatServer> {
  const server = createServer((request, response) => {
    route(options, request, response).catch((error: unknown) => {
      const status =
        error instanceof HttpError
          ? error.status
          : isSessionKitError(error, "INVALID_ARGUMENT")
            ? 400
            : 500;
      if (response.headersSent) response.destroy(error as Error);
      else sendJson(response, status, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
