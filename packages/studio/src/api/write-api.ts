import type { JsonValue } from "@sessionkit/core";
import { type ApiContext, type ApiHandler, storeOf } from "./api-context.js";
import type { RequestParams } from "./request-params.js";
import { studioError } from "./studio-error.js";

/** Refuses a write unless the studio was started with `allowWrites`. */
function assertWritable(params: RequestParams, ctx: ApiContext): void {
  if (!ctx.allowWrites) {
    throw studioError(
      "UNSUPPORTED",
      params.operation,
      "the studio is read-only",
      "restart it with --allow-writes to expire, delete or edit sessions",
    );
  }
}

/** `POST /api/session/expire?app=&user=&session=`: soft-deletes the session. */
export const expireSession: ApiHandler = async (params, ctx) => {
  assertWritable(params, ctx);
  return { expired: await storeOf(ctx, params).expireSession(params.sessionKey()) };
};

/** `POST /api/session/delete?app=&user=&session=`: hard-deletes the session and its events. */
export const deleteSession: ApiHandler = async (params, ctx) => {
  assertWritable(params, ctx);
  return { deleted: await storeOf(ctx, params).deleteSession(params.sessionKey()) };
};

/**
 * `POST /api/state/update?app=&user=&session=&key=&value=<JSON>`: sets one state key (or with
 * `null` deletes it) through updateState, so the change is a `system` event in the audit trail.
 */
export const updateState: ApiHandler = async (params, ctx) => {
  assertWritable(params, ctx);
  const key = params.required("key");
  const raw = params.required("value");
  let value: JsonValue;
  try {
    value = JSON.parse(raw) as JsonValue;
  } catch {
    throw studioError(
      "INVALID_ARGUMENT",
      params.operation,
      `the value for "${key}" is not JSON: ${raw.slice(0, 80)}`,
      'write it as JSON: "text" in quotes, 42, true, null (deletes the key), {"a":1}',
    );
  }
  const event = await storeOf(ctx, params).updateState(params.sessionKey(), { [key]: value });
  return { event };
};
