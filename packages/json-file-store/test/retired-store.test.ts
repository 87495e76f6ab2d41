import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isSessionKitError, type SessionRepository } from "@sessionkit/core";
import {
  createJsonFileRepository,
  type JsonFileRepository,
  RETIRED_FILE,
  readStoreRetirement,
  reinstateJsonStore,
  retireJsonStore,
} from "@sessionkit/json-file-store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";

const SUCCESSOR = "sqlite:/var/lib/app/sessions.db";
const key = { appName: "app", userId: "u", sessionId: "s" };

let root: string;
let cleanup: () => Promise<void>;
let repo: JsonFileRepository;

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  repo = await createJsonFileRepository({ root, create: true });
  await repo.createSession(key, { state: { "app:a": 1 } });
  await repo.appendEvent(key, { author: "user", content: "hello" });
  const old = { ...key, sessionId: "old" };
  await repo.createSession(old);
  await repo.expireSession(old);
});
afterEach(async () => {
  await repo.close();
  await cleanup();
});

/** Every write path of the repository, each with arguments that would succeed. */
const WRITES: Array<[string, (r: SessionRepository) => Promise<unknown>]> = [
  ["createSession", (r) => r.createSession({ appName: "app", userId: "u", sessionId: "new" })],
  ["appendEvent", (r) => r.appendEvent(key, { author: "user", content: "more" })],
  ["appendEvents", (r) => r.appendEvents(key, [{ author: "user", content: "more" }])],
  ["updateState", (r) => r.updateState(key, { x: 1 })],
  ["expireSession", (r) => r.expireSession(key)],
  ["expireIdleSessions", (r) => r.expireIdleSessions({ idleSince: Date.now() + 60_000 })],
  ["deleteSession", (r) => r.deleteSession(key)],
  ["purgeExpired", (r) => r.purgeExpired()],
  [
    "writeSnapshot",
    async (r) => {
      const snapshot = await r.readSnapshot(key);
      if (snapshot === null) throw new Error("no snapshot to write back");
      return r.writeSnapshot({ ...snapshot, revision: snapshot.revision + 1 }, { mode: "replace" });
    },
  ],
  ["writeScopedState", (r) => r.writeScopedState({ appName: "app" }, { b: 2 })],
  ["setMeta", (r) => r.setMeta("m", 1)],
  ["transaction", (r) => r.transaction((tx) => tx.updateState(key, { y: 1 }))],
];

/** Every file under the root with its content, to show that nothing changed. */
async function snapshotOfFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if ((await stat(path)).isFile()) out[entry] = await readFile(path, "utf8");
  }
  return out;
}

describe("a retired JSON store", () => {
  it("refuses every write with RETIRED naming the successor and writes nothing", async () => {
    const retired = await retireJsonStore(root, {
      successor: SUCCESSOR,
      retiredAt: 1_700_000_000_000,
    });
    expect(retired).toEqual({ successor: SUCCESSOR, retiredAt: 1_700_000_000_000 });
    expect(await readStoreRetirement(root)).toEqual(retired);
    const before = await snapshotOfFiles(root);
    const fresh = await createJsonFileRepository({ root });
    try {
      for (const [name, write] of WRITES) {
        for (const r of [repo, fresh]) {
          const error = await write(r).then(
            () => null,
            (e: unknown) => e,
          );
          expect(isSessionKitError(error, "RETIRED"), `${name}: ${String(error)}`).toBe(true);
          expect((error as Error).message).toContain(SUCCESSOR);
          expect((error as Error).message).toContain("2023-11-14T22:13:20.000Z");
        }
      }
      expect(await snapshotOfFiles(root)).toEqual(before);
      expect((await fresh.getSession(key))?.events).toHaveLength(1);
      expect((await fresh.listSessions({ appName: "app" })).sessions).toHaveLength(1);
      expect((await fresh.checkIntegrity()).ok).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it("takes writes again after reinstateJsonStore", async () => {
    await retireJsonStore(root, { successor: SUCCESSOR });
    expect(await reinstateJsonStore(root)).toBe(true);
    expect(await reinstateJsonStore(root)).toBe(false);
    expect(await readStoreRetirement(root)).toBeNull();
    await repo.appendEvent(key, { author: "user", content: "back" });
    expect((await repo.getSession(key))?.lastSeq).toBe(2);
  });

  it("a damaged retirement record is CORRUPT for writes and reported by checkIntegrity", async () => {
    await writeFile(join(root, RETIRED_FILE), "{oops");
    const error = await repo.updateState(key, { x: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isSessionKitError(error, "CORRUPT")).toBe(true);
    const report = await repo.checkIntegrity();
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: "corrupt-file", subject: join(root, RETIRED_FILE) }),
    ]);
  });

  it("retiring needs a successor and a JSON store", async () => {
    const empty = await retireJsonStore(root, { successor: " " }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isSessionKitError(empty, "INVALID_ARGUMENT")).toBe(true);
    const missing = await retireJsonStore(join(root, "nope"), { successor: SUCCESSOR }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isSessionKitError(missing, "NOT_FOUND")).toBe(true);
  });
});
