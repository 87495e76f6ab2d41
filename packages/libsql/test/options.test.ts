import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLibsqlRepository, openFromUrl } from "@sessionkit/libsql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sessionkit-libsql-options-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const invalid = (path: string) => expect.objectContaining({ code: "INVALID_ARGUMENT", path });

describe("libsql options: the SQL adapters' shared vocabulary", () => {
  it("accepts the same option names as @sessionkit/sqlite", async () => {
    const repository = createLibsqlRepository({
      url: `file:${join(dir, "shared-names.db")}`,
      synchronous: "full",
      busyTimeoutMs: 2000,
      retry: { retries: 2, baseDelayMs: 10 },
      fullTextSearch: false,
      watchIntervalMs: 20,
      limits: { maxEventBytes: 4096 },
    });
    await repository.open();
    expect(repository.capabilities.search).toBe("scan");
    await repository.close();
    // Upper case as on SQLite's pragma works too.
    const upper = createLibsqlRepository({ url: ":memory:", synchronous: "NORMAL" });
    await upper.close();
  });

  it("honours fullTextSearch: false (it used to be ignored, full-text stayed on)", async () => {
    const url = `file:${join(dir, "no-fts.db")}`;
    const repository = await openFromUrl(url, { fullTextSearch: false });
    expect(repository.capabilities.search).toBe("scan");
    await repository.close();
  });

  it("still accepts the earlier names fullText and busyRetries (deprecated)", async () => {
    const repository = createLibsqlRepository({ url: ":memory:", fullText: false, busyRetries: 1 });
    expect(repository.capabilities.search).toBe("scan");
    await repository.close();
  });

  it("rejects unknown options and bad values with INVALID_ARGUMENT naming them", () => {
    const url = ":memory:";
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fullTextSerch: false }, "options.fullTextSerch"],
      [{ synchronous: "extra" }, "options.synchronous"],
      [{ synchronous: 1 }, "options.synchronous"],
      [{ busyTimeoutMs: -1 }, "options.busyTimeoutMs"],
      [{ retry: { retries: 1.5 } }, "options.retry.retries"],
      [{ retry: { attempts: 3 } }, "options.retry.attempts"],
      [{ fullTextSearch: "yes" }, "options.fullTextSearch"],
      [{ watchIntervalMs: 1 }, "options.watchIntervalMs"],
      [{ embeddedDriver: "wasm" }, "options.embeddedDriver"],
      [{ requestTimeoutMs: 0 }, "options.requestTimeoutMs"],
      [{ backgroundCheckpoint: "yes" }, "options.backgroundCheckpoint"],
      [{ fullText: true, fullTextSearch: false }, "options.fullText"],
      [{ busyRetries: 1, retry: { retries: 2 } }, "options.busyRetries"],
    ];
    for (const [options, path] of cases) {
      expect(() => createLibsqlRepository({ url, ...options } as never), path).toThrow(
        invalid(path),
      );
    }
  });

  it("openFromUrl rejects an unknown option before connecting", async () => {
    await expect(openFromUrl(":memory:", { nope: 1 })).rejects.toEqual(invalid("options.nope"));
  });

  it("a second opener of the same file with other connection options is INVALID_ARGUMENT, as on sqlite", async () => {
    const url = `file:${join(dir, "twice.db")}`;
    const first = createLibsqlRepository({ url });
    try {
      expect(() => createLibsqlRepository({ url, fullTextSearch: false })).toThrow(
        invalid("options.fullTextSearch"),
      );
      expect(() => createLibsqlRepository({ url, synchronous: "full" })).toThrow(
        invalid("options.synchronous"),
      );
      // The same options share the connection.
      const second = createLibsqlRepository({ url, synchronous: "NORMAL" });
      await second.close();
    } finally {
      await first.close();
    }
    // Once every repository on it is closed, it opens with other options.
    const later = createLibsqlRepository({ url, fullTextSearch: false });
    await later.close();
  });
});
