import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { createJsonFileRepository, openFromUrl, parseJsonUrl } from "@sessionkit/json-file-store";
import { MARKER_TEXT, StoreLayout } from "@sessionkit/json-file-store/format";
import { afterEach, describe, expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function fresh() {
  const t = await tempRoot();
  cleanups.push(t.cleanup);
  return t;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isSessionKitError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "resolved";
}

describe("format marker", () => {
  it("initializes an empty root with create: true, byte for byte", async () => {
    const { root } = await fresh();
    const repo = await createJsonFileRepository({ root, create: true });
    await repo.close();
    expect(await readFile(join(root, "sessionkit.json"), "utf8")).toBe(
      '{"format":"sessionkit-json","version":1}\n',
    );
    expect(MARKER_TEXT).toBe('{"format":"sessionkit-json","version":1}\n');
  });

  it("refuses a missing root or a root without sessionkit.json, writing nothing", async () => {
    const { dir, root } = await fresh();
    expect(await codeOf(createJsonFileRepository({ root }))).toMatch(
      /^NOT_FOUND: .*no sessionkit\.json.*create: true/,
    );
    await mkdir(join(dir, "plain"));
    await writeFile(join(dir, "plain", "notes.txt"), "x");
    expect(await codeOf(createJsonFileRepository({ root: join(dir, "plain") }))).toMatch(
      /^NOT_FOUND/,
    );
    expect(
      await codeOf(createJsonFileRepository({ root: join(dir, "plain"), create: true })),
    ).toMatch(/^INVALID_ARGUMENT: .*non-empty directory without sessionkit\.json/);
    await expect(readFile(join(dir, "plain", "sessionkit.json"))).rejects.toThrow();
  });

  it("refuses an unknown version or format with SCHEMA and a damaged marker with CORRUPT", async () => {
    const { root } = await fresh();
    await mkdir(root);
    const marker = join(root, "sessionkit.json");
    await writeFile(marker, '{"format":"sessionkit-json","version":2}\n');
    expect(await codeOf(createJsonFileRepository({ root }))).toMatch(
      /^SCHEMA: .*version 2.*upgrade/,
    );
    expect(await codeOf(createJsonFileRepository({ root, create: true }))).toMatch(/^SCHEMA/);
    await writeFile(marker, '{"format":"lowdb","version":1}\n');
    expect(await codeOf(createJsonFileRepository({ root }))).toMatch(/^SCHEMA: .*"lowdb"/);
    await writeFile(marker, "{nope");
    expect(await codeOf(createJsonFileRepository({ root }))).toMatch(
      /^CORRUPT: .*sessionkit\.json/,
    );
    expect(await readFile(marker, "utf8")).toBe("{nope");
  });
});

describe("json: URLs", () => {
  it("parses absolute, relative and file-style forms", () => {
    expect(parseJsonUrl("json:/var/data/store")).toEqual({
      root: "/var/data/store",
      create: false,
    });
    expect(parseJsonUrl("json:rel/store").root).toBe(join(process.cwd(), "rel/store"));
    expect(parseJsonUrl("json:///abs/x?create")).toEqual({ root: "/abs/x", create: true });
    expect(() => parseJsonUrl("sqlite:/x")).toThrow(/json:/);
    expect(() => parseJsonUrl("json:")).toThrow(/names no directory/);
  });

  it("opens through openFromUrl, with create passed as an option", async () => {
    const { root } = await fresh();
    const repo = await openFromUrl(`json:${root}`, { create: true });
    await repo.createSession({ appName: "a", userId: "u", sessionId: "s" });
    await repo.close();
    const again = await openFromUrl(`json:${root}`);
    expect((await again.getSession({ appName: "a", userId: "u", sessionId: "s" }))?.id).toBe("s");
    await again.close();
  });
});

describe("session file layout", () => {
  it("writes the documented bytes: one line, fixed key order, events last", async () => {
    const { root } = await fresh();
    let clock = 1_000;
    const repo = await createJsonFileRepository({ root, create: true, now: () => clock++ });
    const key = { appName: "App", userId: "u", sessionId: "s1" };
    await repo.createSession(key, {
      state: { a: 1, "app:x": 2, "user:y": 3 },
      metadata: { m: true },
    });
    await repo.appendEvent(key, {
      id: "e1",
      invocationId: "i1",
      author: "user",
      content: { text: "hi" },
      stateDelta: { a: 2, "temp:t": 1 },
      metadata: { k: 1 },
      timestamp: 5,
    });
    await repo.expireSession(key);
    await repo.close();
    const layout = new StoreLayout(root);
    expect(layout.sessionFile("App", "u", "s1")).toBe(
      join(root, "apps/_41pp/users/u/sessions/s1.json"),
    );
    expect(await readFile(layout.sessionFile("App", "u", "s1"), "utf8")).toBe(
      '{"id":"s1","appName":"App","userId":"u","status":"expired","metadata":{"m":true},"state":{"a":2},' +
        '"createdAt":1000,"updatedAt":1001,"expiredAt":1002,"revision":3,"lastSeq":1,"events":[' +
        '{"id":"e1","seq":1,"invocationId":"i1","author":"user","content":{"text":"hi"},"stateDelta":{"a":2},"metadata":{"k":1},"timestamp":5}' +
        "]}\n",
    );
    expect(await readFile(layout.appStateFile("App"), "utf8")).toBe('{"x":2}\n');
    expect(await readFile(layout.userStateFile("App", "u"), "utf8")).toBe('{"y":3}\n');
  });

  it("writes meta.json sorted by name", async () => {
    const { root } = await fresh();
    const repo = await createJsonFileRepository({ root, create: true });
    await repo.setMeta("b", [1]);
    await repo.setMeta("a", { x: null });
    await repo.close();
    expect(await readFile(join(root, "meta.json"), "utf8")).toBe('{"a":{"x":null},"b":[1]}\n');
  });
});
