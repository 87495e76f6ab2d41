import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { createJsonFileRepository, type JsonFileRepository } from "@sessionkit/json-file-store";
import { StoreLayout } from "@sessionkit/json-file-store/format";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";

let root: string;
let cleanup: () => Promise<void>;
let repo: JsonFileRepository;
let layout: StoreLayout;
const key = { appName: "app", userId: "u", sessionId: "s" };

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  repo = await createJsonFileRepository({ root, create: true });
  layout = new StoreLayout(root);
  await repo.createSession(key, { state: { "app:a": 1, "user:b": 2 } });
  await repo.appendEvents(key, [
    { author: "user", content: { text: "one two three" } },
    { author: "model", content: { text: "four five" }, stateDelta: { x: 1 } },
  ]);
});
afterEach(async () => {
  await repo.close();
  await cleanup();
});

async function corruptError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isSessionKitError(error, "CORRUPT"), String(error)).toBe(true);
  return (error as Error).message;
}

describe("corrupt session files", () => {
  const damages: Array<[string, (text: string) => string]> = [
    ["truncated", (t) => t.slice(0, Math.floor(t.length / 2))],
    ["truncated in the header", (t) => t.slice(0, 20)],
    ["NUL-filled", (t) => "\u0000".repeat(t.length)],
    ["empty", () => ""],
    ["not JSON", () => "hello, world\n"],
    ["an array", () => "[]\n"],
    ["wrong shape", () => '{"id":1}\n'],
    ["missing events", (t) => t.replace(/,"events":.*$/s, "}\n")],
    ["a seq gap", (t) => t.replace('"seq":2', '"seq":3')],
    ["lastSeq disagreeing", (t) => t.replace('"lastSeq":2', '"lastSeq":5')],
  ];
  for (const [name, damage] of damages) {
    it(`reports a ${name} file as CORRUPT naming it, and never overwrites it`, async () => {
      const file = layout.sessionFile("app", "u", "s");
      const bad = damage(await readFile(file, "utf8"));
      await writeFile(file, bad);
      expect(await corruptError(repo.getSession(key))).toContain(file);
      expect(await corruptError(repo.appendEvent(key, { author: "user", content: "x" }))).toContain(
        file,
      );
      expect(await corruptError(repo.updateState(key, { y: 1 }))).toContain(file);
      await corruptError(repo.expireSession(key));
      await corruptError(
        repo.writeSnapshot({ ...(await snapshotLike()), id: "s" }, { mode: "if-newer" }),
      );
      expect(await readFile(file, "utf8")).toBe(bad);
      const report = await repo.checkIntegrity();
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([
        expect.objectContaining({ kind: "corrupt-file", subject: file }),
      ]);
    });
  }

  it("tolerates a UTF-8 byte-order mark", async () => {
    const file = layout.sessionFile("app", "u", "s");
    await writeFile(file, `\ufeff${await readFile(file, "utf8")}`);
    expect((await repo.getSession(key))?.lastSeq).toBe(2);
    expect((await repo.listSessions({ appName: "app" })).sessions).toHaveLength(1);
  });

  it("lists sessions from headers only: damaged events are found by reads and checkIntegrity", async () => {
    const file = layout.sessionFile("app", "u", "s");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.slice(0, text.indexOf('"events":[') + 12));
    expect((await repo.listSessions({ appName: "app" })).sessions.map((s) => s.lastSeq)).toEqual([
      2,
    ]);
    await corruptError(repo.getSession(key));
    expect((await repo.checkIntegrity()).ok).toBe(false);
  });

  it("reports a file holding another session's key (moved file)", async () => {
    await repo.createSession({ appName: "app", userId: "u", sessionId: "t" });
    await copyFile(layout.sessionFile("app", "u", "s"), layout.sessionFile("app", "u", "t"));
    expect(
      await corruptError(repo.getSession({ appName: "app", userId: "u", sessionId: "t" })),
    ).toMatch(/holds .*"s".*moved file/);
    const report = await repo.checkIntegrity();
    expect(report.problems.map((p) => p.kind)).toEqual(["misplaced-session"]);
  });
});

async function snapshotLike() {
  return {
    id: "s",
    appName: "app",
    userId: "u",
    status: "active" as const,
    metadata: {},
    state: {},
    createdAt: 1,
    updatedAt: 1,
    expiredAt: null,
    revision: 99,
    lastSeq: 0,
    events: [],
  };
}

describe("corrupt state and meta files", () => {
  it("reports damaged app and user state as CORRUPT naming the file, untouched", async () => {
    for (const file of [layout.appStateFile("app"), layout.userStateFile("app", "u")]) {
      const good = await readFile(file, "utf8");
      await writeFile(file, '{"a":');
      expect(await corruptError(repo.getSession(key))).toContain(file);
      expect(
        await corruptError(
          repo.appendEvent(key, {
            author: "u",
            content: 1,
            stateDelta: { "app:a": 2, "user:b": 3 },
          }),
        ),
      ).toContain(file);
      expect(await readFile(file, "utf8")).toBe('{"a":');
      expect((await repo.checkIntegrity()).problems).toEqual([
        expect.objectContaining({ kind: "corrupt-file", subject: file }),
      ]);
      await writeFile(file, good);
    }
    await corruptError(
      (async () => {
        await writeFile(layout.appStateFile("app"), "[1]");
        return repo.getAppState({ appName: "app" });
      })(),
    );
  });

  it("reports a damaged meta.json as CORRUPT", async () => {
    await repo.setMeta("k", 1);
    await writeFile(join(root, "meta.json"), "\u0000\u0000");
    expect(await corruptError(repo.getMeta("k"))).toContain("meta.json");
    await corruptError(repo.setMeta("k", 2));
    expect(await readFile(join(root, "meta.json"), "utf8")).toBe("\u0000\u0000");
  });
});
