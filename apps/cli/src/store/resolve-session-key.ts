import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { CliError } from "@sessionkit/core/cli";
import { scanAllKeys } from "./store-owners.js";

export interface KeyHints {
  app?: string;
  user?: string;
}

/**
 * The full key of session `id`. With --app and --user it is taken as given. Otherwise the store
 * is scanned for sessions with that id (expired included), narrowed by whichever of app and user
 * was given: one match is used, none is NOT_FOUND, several is AMBIGUOUS (pass --app/--user).
 */
export async function resolveSessionKey(
  repo: SessionRepository,
  id: string,
  hints: KeyHints,
): Promise<SessionKey> {
  if (hints.app !== undefined && hints.user !== undefined) {
    return { appName: hints.app, userId: hints.user, sessionId: id };
  }
  const matches = await findSessionsById(repo, id, hints);
  const [first, second] = matches;
  if (first === undefined) {
    throw new CliError(
      "NOT_FOUND",
      `no session with id "${id}"${scopeText(hints)}`,
      "check the id with `sessionkit sessions list`, or pass --app and --user",
    );
  }
  if (second !== undefined) {
    const owners = matches.map((key) => `${key.appName}/${key.userId}`).join(", ");
    throw new CliError(
      "AMBIGUOUS",
      `session id "${id}" exists for several owners (${owners})`,
      "pass --app and --user to say which one",
    );
  }
  return first;
}

async function findSessionsById(
  repo: SessionRepository,
  id: string,
  hints: KeyHints,
): Promise<SessionKey[]> {
  const found: SessionKey[] = [];
  for await (const key of scanAllKeys(repo, hints.app)) {
    if (key.sessionId === id && (hints.user === undefined || key.userId === hints.user)) {
      found.push(key);
    }
  }
  return found;
}

function scopeText(hints: KeyHints): string {
  const parts: string[] = [];
  if (hints.app !== undefined) parts.push(`app "${hints.app}"`);
  if (hints.user !== undefined) parts.push(`user "${hints.user}"`);
  return parts.length === 0 ? "" : ` in ${parts.join(", ")}`;
}
