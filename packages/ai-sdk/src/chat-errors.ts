import { describeKey, type SessionKey, SessionKitError } from "@sessionkit/core";
import { invalidArgument } from "@sessionkit/core/adapter-kit";

/** The adapter name every error of this package carries. */
export const PACKAGE_ADAPTER = "ai-sdk";

/** The operations of a ChatStore, as named in its errors. */
export type ChatOperation =
  | "createChat"
  | "loadChat"
  | "saveChat"
  | "listChats"
  | "setChatTitle"
  | "deleteChat"
  | "createChatStore"
  | "openChatStore";

/** Error context naming this package, the operation and the chat's session key. */
export function chatErrorContext(operation: ChatOperation, key?: Partial<SessionKey>) {
  return {
    adapter: PACKAGE_ADAPTER,
    operation,
    subject: key === undefined ? undefined : `chat (${describeKey(key)})`,
  };
}

/** INVALID_ARGUMENT of this package: names the operation, the chat and the offending path. */
export function invalidChatInput(
  operation: ChatOperation,
  key: Partial<SessionKey> | undefined,
  path: string,
  problem: string,
): SessionKitError {
  return invalidArgument(chatErrorContext(operation, key), path, problem);
}

/**
 * The store's LIMIT for an event of a save, restated for the message it holds: names this
 * package, `messages[index]` and the message id, says what to do, and chains the store's error.
 */
export function messageOverLimit(
  key: SessionKey,
  index: number,
  messageId: string,
  cause: SessionKitError,
): SessionKitError {
  const path = `messages[${index}]`;
  return new SessionKitError({
    ...chatErrorContext("saveChat", key),
    code: "LIMIT",
    path,
    problem: `${path} (id ${JSON.stringify(messageId)}) is over the store's event size limit`,
    remedy:
      "keep large files out of the message (a file part with a URL instead of inline data), or raise the adapter's limits.maxEventBytes; nothing was written",
    cause,
  });
}
