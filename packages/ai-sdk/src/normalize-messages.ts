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
 * Checks a chat's messages and returns JSON copies of them (undefined members dropped).
 * Throws INVALID_ARGUMENT naming the path (`messages[2].parts[0].createdAt is a Date`) unless
 * `messages` is an array of UIMessages — each a plain object with a legal, unique `id`, a
 * `role` of "system", "user" or "assistant", a `parts` array, and only JSON values inside.
 * Nothing is written when it throws.
 */
export function normalizeMessages(
  messages: unknown,
  operation: ChatOperation,
  key: SessionKey,
): UIMessage[] {
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
    const { id, role, parts } = message as Record<string, unknown>;
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
    assertJsonValue(copy, path, ctx);
    return copy as unknown as UIMessage;
  });
}
