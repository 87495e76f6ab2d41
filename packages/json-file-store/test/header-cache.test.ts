import { readFile, stat, utimes, writeFile } from "node:fs/promises";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { StoreLayout } from "@sessionkit/json-file-store/format";
import { expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";

const past = new Date(Date.now() - 60_000);

it("listings never serve a stale cached header, however the file changed", async () => {
  const { root, cleanup } = await tempRoot();
  const repo = await createJsonFileRepository({ root, create: true });
  try {
    const layout = new StoreLayout(root);
    const keys = ["a", "b", "c"].map((sessionId) => ({ appName: "app", userId: "u", sessionId }));
    for (const key of keys) await repo.createSession(key, { metadata: { v: 1 } });
    const age = async () => {
      for (const k of keys) await utimes(layout.sessionFile("app", "u", k.sessionId), past, past);
    };
    const list = async () =>
      Object.fromEntries(
        (
          await repo.listSessions({ appName: "app", status: "all", orderBy: "id", order: "asc" })
        ).sessions.map((s) => [s.id, [s.revision, s.status, s.metadata.v]]),
      );
    await age();
    expect(await list()).toEqual({ a: [1, "active", 1], b: [1, "active", 1], c: [1, "active", 1] });
    // Written through the repository: a new file (new inode) replaces the old one.
    await repo.appendEvent(keys[0] as (typeof keys)[0], { author: "user", content: 1 });
    await repo.expireSession(keys[1] as (typeof keys)[0]);
    await age();
    expect(await list()).toEqual({
      a: [2, "active", 1],
      b: [2, "expired", 1],
      c: [1, "active", 1],
    });
    // Edited in place (same inode), even with the old mtime put back: ctime still differs.
    const file = layout.sessionFile("app", "u", "c");
    const before = await stat(file);
    await writeFile(file, (await readFile(file, "utf8")).replace('"v":1', '"v":7'));
    await utimes(file, before.atime, before.mtime);
    expect((await list()).c).toEqual([1, "active", 7]);
    // Mutating a returned session never reaches the cache.
    const page = await repo.listSessions({ appName: "app", status: "all" });
    for (const s of page.sessions) s.metadata.v = 99;
    expect(Object.values(await list()).map((r) => r[2])).not.toContain(99);
  } finally {
    await repo.close();
    await cleanup();
  }
});
