import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { invalidArgument } from "@sessionkit/core/adapter-kit";
import { context } from "./errors.js";
import { createJsonFileRepository, type JsonFileRepository } from "./json-file-repository.js";
import type { JsonFileRepositoryOptions } from "./repository-options.js";

/**
 * The root directory a `json:` URL names: `json:/abs/path`, `json:relative/path` (against the
 * working directory), or `json:///abs/path`. A `?create` (or `?create=true`) query asks for
 * initialization like the `create` option.
 */
export function parseJsonUrl(url: string): { root: string; create: boolean } {
  const ctx = context("openFromUrl", JSON.stringify(url));
  if (typeof url !== "string" || !/^json:/i.test(url)) {
    throw invalidArgument(
      ctx,
      "url",
      "must start with json: (json:/abs/path or json:relative/path)",
    );
  }
  let rest = url.slice("json:".length);
  let create = false;
  const q = rest.indexOf("?");
  if (q >= 0) {
    const params = new URLSearchParams(rest.slice(q + 1));
    create = params.has("create") && params.get("create") !== "false";
    rest = rest.slice(0, q);
  }
  if (rest.startsWith("//")) rest = fileURLToPath(`file:${rest}`);
  if (rest.length === 0)
    throw invalidArgument(ctx, "url", "names no directory (json:/path/to/root)");
  return { root: resolve(decodeURIComponent(rest)), create };
}

/**
 * The entry point of `openRepository("json:…")`: opens the store the URL names. `options` are
 * {@link JsonFileRepositoryOptions} (without root); `create: true` initializes an empty store.
 */
export async function openFromUrl(
  url: string,
  options: Record<string, unknown> = {},
): Promise<JsonFileRepository> {
  const { root, create } = parseJsonUrl(url);
  const rest = { ...(options as Partial<JsonFileRepositoryOptions>) };
  delete rest.root;
  return createJsonFileRepository({ ...rest, create: rest.create ?? create, root });
}
