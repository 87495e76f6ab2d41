// An example source module for `sessionkit-migrate --legacy module:./source-module.mjs`.
//
// It streams sessions from a JSON-lines export (one SessionSnapshot per line, already sorted by
// appName, then userId, then sessionId in code-unit order) named by SESSIONKIT_SOURCE_FILE, and
// app/user state from an optional SESSIONKIT_SOURCE_SCOPES JSON file
// ([{ "scope": { "appName": "…", "userId": "…"? }, "state": { … } }, …]).
//
// The interface (all but sessions() optional):
//   sessions({ after }) → AsyncIterable<SessionSnapshot>   ascending keys, strictly after `after`
//   read(key)           → Promise<SessionSnapshot | null>  lets verify re-check and repair re-copy
//   readScope(scope)    → Promise<JsonObject>
//   scopes()            → AsyncIterable<{ scope, state }>
//   count()             → Promise<{ sessions, events? }>   for the progress bar
//   close()             → Promise<void>
// A SessionSnapshot is { id, appName, userId, status: "active"|"expired", metadata, state
// (session keys only), createdAt, updatedAt, expiredAt, revision, lastSeq, events: [{ id, seq,
// author, content, stateDelta?, metadata?, invocationId?, timestamp }] } — seqs 1..lastSeq.
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

const FILE = process.env.SESSIONKIT_SOURCE_FILE;
const SCOPES = process.env.SESSIONKIT_SOURCE_SCOPES;

function compare(a, b) {
  // Code-unit order is enough for this example; use compareKeys from @sessionkit/core to be exact.
  for (const [x, y] of [
    [a.appName, b.appName],
    [a.userId, b.userId],
    [a.sessionId, b.sessionId],
  ]) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

async function* lines() {
  const rl = createInterface({
    input: createReadStream(FILE, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of rl) if (line.trim()) yield JSON.parse(line);
}

export async function* sessions({ after } = {}) {
  for await (const s of lines()) {
    if (after && compare({ appName: s.appName, userId: s.userId, sessionId: s.id }, after) <= 0)
      continue;
    yield s;
  }
}

export async function read(key) {
  for await (const s of lines()) {
    if (s.appName === key.appName && s.userId === key.userId && s.id === key.sessionId) return s;
  }
  return null;
}

async function allScopes() {
  return SCOPES ? JSON.parse(await readFile(SCOPES, "utf8")) : [];
}

export async function* scopes() {
  yield* await allScopes();
}

export async function readScope(scope) {
  const found = (await allScopes()).find(
    (s) => s.scope.appName === scope.appName && s.scope.userId === scope.userId,
  );
  return found ? found.state : {};
}

export async function count() {
  let sessions = 0;
  let events = 0;
  for await (const s of lines()) {
    sessions++;
    events += s.events.length;
  }
  return { sessions, events };
}
