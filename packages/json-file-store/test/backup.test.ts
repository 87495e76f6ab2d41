import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";

it("backs up a consistent, openable copy and refuses unsafe destinations", async () => {
  const { dir, root, cleanup } = await tempRoot();
  const repo = await createJsonFileRepository({ root, create: true });
  try {
    const long = "😀".repeat(128);
    const keys = [
      { appName: "app", userId: "u1", sessionId: "s1" },
      { appName: "app", userId: "U1", sessionId: "../s2" },
      { appName: long, userId: long, sessionId: long },
    ];
    for (const [i, key] of keys.entries()) {
      await repo.createSession(key, { state: { n: i, "app:a": i, "user:u": i } });
      await repo.appendEvent(key, { author: "user", content: { text: `hello ${i}` } });
    }
    await repo.expireSession(keys[1] as (typeof keys)[0]);
    await repo.setMeta("phase", "dual-write");
    const destination = join(dir, "backup");
    const result = await repo.backup(destination);
    expect(result.destination).toBe(destination);
    expect(result.bytes).toBeGreaterThan(0);
    expect(await readFile(join(destination, "sessionkit.json"), "utf8")).toBe(
      '{"format":"sessionkit-json","version":1}\n',
    );
    const copy = await createJsonFileRepository({ root: destination });
    try {
      expect(await copy.checkIntegrity()).toEqual({ ok: true, problems: [] });
      expect(await copy.scanSessions()).toEqual(await repo.scanSessions());
      for (const key of keys)
        expect(await copy.readSnapshot(key)).toEqual(await repo.readSnapshot(key));
      expect(await copy.listStateScopes()).toEqual(await repo.listStateScopes());
      expect(await copy.getUserState({ appName: long, userId: long })).toEqual({ u: 2 });
      expect(await copy.getMeta("phase")).toBe("dual-write");
    } finally {
      await copy.close();
    }
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "resolved",
        (e: unknown) => (isSessionKitError(e) ? e.code : String(e)),
      );
    expect(await codeOf(repo.backup(destination))).toBe("INVALID_ARGUMENT");
    expect(await codeOf(repo.backup(join(root, "inside")))).toBe("INVALID_ARGUMENT");
    expect(await codeOf(repo.backup(root))).toBe("INVALID_ARGUMENT");
    await mkdir(join(dir, "occupied"));
    await writeFile(join(dir, "occupied", "x"), "x");
    expect(await codeOf(repo.backup(join(dir, "occupied")))).toBe("INVALID_ARGUMENT");
    expect((await repo.health()).ok).toBe(true);
  } finally {
    await repo.close();
    await cleanup();
  }
});
