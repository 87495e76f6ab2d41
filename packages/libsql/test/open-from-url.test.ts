import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { isSessionKitError, openRepository, registerAdapter } from "@sessionkit/core";
import * as libsql from "@sessionkit/libsql";
import { openFromUrl, resolveLocation } from "@sessionkit/libsql";
import { describe, expect, it } from "vitest";
import { startSqld } from "./support/sqld-server.js";
import { useTempDirs } from "./support/temp-dir.js";

const key = { appName: "a", userId: "u", sessionId: "s" };

describe("openFromUrl and URL forms", () => {
  const tempDir = useTempDirs();

  it("opens file:/abs, file:///abs, file:relative and :memory: / file::memory:", async () => {
    const dir = await tempDir();
    const urls = [
      `file:${join(dir, "abs.db")}`,
      pathToFileURL(join(dir, "three-slashes.db")).href,
      `file:${relative(process.cwd(), join(dir, "relative.db"))}`,
      ":memory:",
      "file::memory:",
    ];
    for (const url of urls) {
      const repo = await openFromUrl(url);
      try {
        await repo.createSession(key);
        expect((await repo.getSession(key))?.id, url).toBe("s");
      } finally {
        await repo.close();
      }
    }
    for (const name of ["abs.db", "three-slashes.db", "relative.db"]) {
      expect(existsSync(join(dir, name)), name).toBe(true);
    }
  });

  it("creates missing parent directories of a file database", async () => {
    const path = join(await tempDir(), "a", "b", "c.db");
    const repo = await openFromUrl(`file:${path}`);
    await repo.close();
    expect(existsSync(path)).toBe(true);
  });

  it("shares one connection per file: two repositories see each other's writes and watchers", async () => {
    const url = `file:${join(await tempDir(), "shared.db")}`;
    const a = await openFromUrl(url);
    const b = await openFromUrl(url);
    try {
      await a.createSession(key);
      const iterator = b.watch(key)[Symbol.asyncIterator]();
      const next = iterator.next();
      await a.appendEvent(key, { author: "user", content: "hi" });
      expect((await next).value?.content).toBe("hi");
      await iterator.return?.();
      await a.close();
      // b still works after a closed (the connection is reference counted).
      expect((await b.getSession(key))?.lastSeq).toBe(1);
    } finally {
      await b.close();
    }
  });

  it("opens libsql:// (?tls=0) and ws:// with an authToken option", async () => {
    const server = await startSqld();
    try {
      for (const url of [`libsql://127.0.0.1:${server.port}?tls=0`, server.wsUrl, server.httpUrl]) {
        const repo = await openFromUrl(url, { authToken: "ignored-by-an-open-server" });
        try {
          expect(repo.capabilities.remote).toBe(true);
          await repo.listSessions({ appName: "a" });
        } finally {
          await repo.close();
        }
      }
    } finally {
      await server.stop();
    }
  });

  it("rejects unknown schemes, bad options and query strings on file URLs with INVALID_ARGUMENT", async () => {
    for (const [url, options] of [
      ["postgres://x", {}],
      ["", {}],
      ["file:/tmp/x.db?mode=ro", {}],
      [":memory:", { nope: 1 }],
    ] as const) {
      const error = await openFromUrl(url, options).then(
        () => null,
        (e: unknown) => e,
      );
      expect(
        isSessionKitError(error, "INVALID_ARGUMENT"),
        `${url} ${JSON.stringify(options)}`,
      ).toBe(true);
    }
  });

  it("resolveLocation tells the modes apart", () => {
    expect(resolveLocation(":memory:", undefined).kind).toBe("memory");
    expect(resolveLocation("file:x.db", undefined).kind).toBe("file");
    expect(resolveLocation("file:x.db", "https://db.example").kind).toBe("replica");
    expect(resolveLocation("wss://db.example", undefined)).toMatchObject({
      kind: "remote",
      protocol: "ws",
    });
    expect(resolveLocation("libsql://db.example", undefined)).toMatchObject({
      kind: "remote",
      protocol: "http",
    });
  });

  it("is what core's openRepository uses for file: URLs", async () => {
    registerAdapter("@sessionkit/libsql", libsql);
    const repo = await openRepository(`file:${join(await tempDir(), "core.db")}`);
    try {
      expect(repo.capabilities.crossProcess).toBe(true);
      await repo.createSession(key);
    } finally {
      await repo.close();
    }
  });
});
