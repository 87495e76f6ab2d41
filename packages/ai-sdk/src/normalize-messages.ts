import type { JsonObject, SessionKey } from "@sessionkit/core";
import { assertId, assertJsonValue } from "@sessionkit/core/adapter-kit";
import type { UIMessage } from "ai";
import { type ChatOperation, chatErrorContext, invalidChatInput } from "./chat-errors.js";

const ROLES: ReadonlySet<string> = new Set(["system", "user", "assistant"]);

/**
 * Copies a value the way `JSON.stringify` would keep it: object members whose value is
 * `undefined` are dropped (the AI SDK leaves optional part fields such as `providerMetadata` as
 * `undefined`). Everything else is copied as is, so a Date, a Map or a function is still there for
 * the JSON check to name.
 */
function withoutUndefinedMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefinedMembers);
  if (value === null || typeof value !== "object") return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    if (member !== undefined) copy[name] = withoutUndefinedMembers(member);
  }
  return copy;
}

/**
 * Checks that `messages` is an array of objects with legal, unique `id`s and returns the ids.
 * Throws INVALID_ARGUMENT naming the path (`messages[1].id`).
 */
export function messageIds(messages: unknown, operation: ChatOperation, key: SessionKey): string[] {
  if (!Array.isArray(messages)) {
    throw invalidChatInput(operation, key, "messages", "must be an array of UIMessages");
  }
  const ctx = chatErrorContext(operation, key);
  const seen = new Map<string, number>();
  return messages.map((message: unknown, index) => {
    const path = `messages[${index}]`;
    if (message === null || typeof message !== "object" || Array.isArray(message)) {
      throw invalidChatInput(operation, key, path, "must be a UIMessage object");
    }
    const id = (message as { id?: unknown }).id;
    assertId(id, `${path}.id`, ctx);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw invalidChatInput(
        operation,
        key,
        `${path}.id`,
        `repeats the id of messages[${earlier}]; every message of a chat needs its own id (use generateMessageId on the server)`,
      );
    }
    seen.set(id, index);
    return id;
  });
}

/**
 * Checks one message (`messages[index]`, its id already checked by {@link messageIds}) and
 * returns a JSON copy of it with undefined members dropped. Throws INVALID_ARGUMENT naming the
 * path (`messages[2].parts[0].createdAt is a Date`) unless its `role` is "system", "user" or
 * "assistant", its `parts` an array and everything in it a JSON value.
 */
export function normalizeMessage(
  message: UIMessage,
  index: number,
  operation: ChatOperation,
  key: SessionKey,
): UIMessage {
  const path = `messages[${index}]`;
  const { role, parts } = message as { role?: unknown; parts?: unknown };
  if (typeof role !== "string" || !ROLES.has(role)) {
    throw invalidChatInput(
      operation,
      key,
      `${path}.role`,
      `must be "system", "user" or "assistant", got ${JSON.stringify(role) ?? "undefined"}`,
    );
  }
  if (!Array.isArray(parts)) {
    throw invalidChatInput(operation, key, `${path}.parts`, "must be an array of message parts");
  }
  const copy = withoutUndefinedMembers(message) as JsonObject;
  assertJsonValue(copy, path, chatErrorContext(operation, key));
  return copy as unknown as UIMessage;
}
