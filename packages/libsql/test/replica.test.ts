import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { createLibsqlRepository, type LibsqlRepository, openFromUrl } from "@sessionkit/libsql";
import { afterEach, describe, expect, it } from "vitest";
import { type SqldServer, startSqld } from "./support/sqld-server.js";
import { useTempDirs } from "./support/temp-dir.js";

const key = { appName: "app", userId: "u1", sessionId: "s1" };

describe("embedded replica (file: + syncUrl) of a real sqld", () => {
  const tempDir = useTempDirs();
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(): Promise<{
    server: SqldServer;
    primary: LibsqlRepository;
    replica: LibsqlRepository;
  }> {
    const server = await startSqld();
    cleanup.push(() => server.stop());
    const primary = createLibsqlRepository({ url: server.httpUrl });
    cleanup.push(() => primary.close());
    await primary.open();
    const replica = createLibsqlRepository({
      url: `file:${join(await tempDir(), "replica.db")}`,
      syncUrl: server.httpUrl,
    });
    cleanup.push(() => replica.close());
    await replica.open();
    expect(replica.mode).toBe("replica");
    return { server, primary, replica };
  }

  it("a write through the server reaches the replica after sync()", async () => {
    const { primary, replica } = await setup();
    await primary.createSession(key, { state: { a: 1 } });
    await primary.appendEvent(key, { id: "e1", author: "user", content: "from the server" });
    const result = await replica.sync();
    expect(result.framesSynced).toBeGreaterThan(0);
    const session = await replica.getSession(key);
    expect(session?.state).toEqual({ a: 1 });
    expect(session?.events?.map((e) => [e.seq, e.id, e.content])).toEqual([
      [1, "e1", "from the server"],
    ]);
  });

  it("a write through the replica is stored on the server and readable there", async () => {
    const { primary, replica } = await setup();
    await replica.createSession(key);
    const appended = await replica.appendEvents(key, [
      { id: "r1", author: "user", content: "via replica 1", stateDelta: { n: 1 } },
      { id: "r2", author: "user", content: "via replica 2", stateDelta: { n: 2 } },
    ]);
    expect(appended.map((e) => e.seq)).toEqual([1, 2]);
    const onServer = await primary.getSession(key);
    expect(onServer?.events?.map((e) => e.id)).toEqual(["r1", "r2"]);
    expect(onServer?.state).toEqual({ n: 2 });
    // The replica reads its own writes.
    expect((await replica.getSession(key))?.lastSeq).toBe(2);
  });

  it("transactions through the replica commit on the server", async () => {
    const { primary, replica } = await setup();
    await replica.transaction(async (tx) => {
      await tx.createSession(key);
      await tx.appendEvent(key, { id: "t1", author: "user", content: "in a transaction" });
    });
    expect((await primary.getSession(key))?.lastSeq).toBe(1);
  });

  it("sync() is refused outside replica mode", async () => {
    const repo = createLibsqlRepository({ url: ":memory:" });
    try {
      const error = await repo.sync().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSessionKitError(error, "UNSUPPORTED")).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it("openFromUrl accepts an http syncUrl for a file: URL; rejects ws:// and :memory: replicas", async () => {
    const server = await startSqld();
    cleanup.push(() => server.stop());
    const file = `file:${join(await tempDir(), "r.db")}`;
    const replica = await openFromUrl(file, { syncUrl: server.httpUrl });
    await replica.close();
    for (const [url, syncUrl] of [
      [":memory:", server.httpUrl],
      [file, server.wsUrl],
      [server.httpUrl, server.httpUrl],
    ]) {
      const error = await openFromUrl(url as string, { syncUrl }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isSessionKitError(error, "INVALID_ARGUMENT"), `${url} + ${syncUrl}`).toBe(true);
    }
  });
});
