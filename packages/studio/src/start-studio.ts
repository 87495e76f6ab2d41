import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { carriesToken, isLocalHost, newAccessToken } from "./access-token.js";
import type { ApiContext } from "./api/api-context.js";
import { streamWatch } from "./api/live-stream.js";
import { RequestParams } from "./api/request-params.js";
import { ROUTES } from "./api/routes.js";
import { errorResponse, studioError } from "./api/studio-error.js";
import { type Asset, loadAssets } from "./static-assets.js";
import type { RunningStudio, StudioOptions } from "./studio-options.js";

/** The only address the studio listens on: it is a local tool, never exposed to the network. */
const HOST = "127.0.0.1";

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * Starts the studio: an HTTP server on 127.0.0.1 (a free port unless `options.port`) serving the
 * built front-end and a JSON + server-sent-events API over the given stores. Every request must
 * carry the random access token (the returned `url` has it); read-only unless
 * `options.allowWrites`. The repositories are the caller's: `close()` does not close them.
 * @throws NOT_FOUND when the front-end was not built; the listen error when the port is taken.
 */
export async function startStudio(options: StudioOptions): Promise<RunningStudio> {
  const token = options.token ?? newAccessToken();
  const assets = await loadAssets(token);
  const ctx: ApiContext = {
    stores: options.legacy ? [options.store, options.legacy] : [options.store],
    allowWrites: options.allowWrites === true,
    lastVerify: null,
  };
  const closing = new AbortController();
  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendError(response, error));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", `http://${HOST}:${port}`);
    if (!isLocalHost(request, port)) {
      sendJson(response, 421, {
        error: {
          code: "REFUSED",
          message: `this studio answers only to 127.0.0.1:${port} or localhost:${port}`,
          remedy: "open the URL the studio printed",
        },
      });
      return;
    }
    if (!carriesToken(request, url, token)) {
      sendJson(response, 401, {
        error: {
          code: "UNAUTHORIZED",
          message: "the access token is missing or wrong",
          remedy: "open the URL the studio printed (it carries ?token=…)",
        },
      });
      return;
    }
    const asset = request.method === "GET" ? assets.get(url.pathname) : undefined;
    if (asset !== undefined) return sendAsset(response, asset);
    const operation = url.pathname.replace(/^\/api\//, "");
    const params = new RequestParams(url.searchParams, operation);
    if (request.method === "GET" && url.pathname === "/api/watch") {
      const ended = new AbortController();
      const stop = () => ended.abort();
      response.on("close", stop);
      closing.signal.addEventListener("abort", stop, { once: true });
      try {
        await streamWatch(params, ctx, response, ended.signal);
      } finally {
        closing.signal.removeEventListener("abort", stop);
      }
      return;
    }
    const handler = ROUTES.get(`${request.method} ${url.pathname}`);
    if (handler === undefined) {
      throw studioError(
        "NOT_FOUND",
        "route",
        `no ${request.method} ${url.pathname} in the studio API`,
        "reload the page; the studio may be a different version",
      );
    }
    request.resume();
    sendJson(response, 200, await handler(params, ctx));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}/?token=${encodeURIComponent(token)}`,
    token,
    port,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        // Live streams and keep-alive sockets would hold close() open: a local tool drops them.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function sendAsset(response: ServerResponse, asset: Asset): void {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": asset.type,
    "cache-control": "no-store",
  });
  response.end(asset.body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, error: unknown): void {
  const { status, body } = errorResponse(error);
  sendJson(response, status, body);
}
