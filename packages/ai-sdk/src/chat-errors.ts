import { describeKey, type SessionKey, type SessionKitError } from "@sessionkit/core";
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
