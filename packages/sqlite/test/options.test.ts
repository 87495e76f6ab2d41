import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sessionkit-sqlite-options-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const invalid = (path: string) => expect.objectContaining({ code: "INVALID_ARGUMENT", path });

describe("sqlite options: the SQL adapters' shared vocabulary", () => {
  it("accepts the same option names as @sessionkit/libsql, in either case for synchronous", async () => {
    const repository = createSqliteRepository({
      path: join(dir, "shared-names.db"),
      synchronous: "full",
      busyTimeoutMs: 2000,
      retry: { retries: 2, baseDelayMs: 10 },
      fullTextSearch: false,
      watchIntervalMs: 20,
      limits: { maxEventBytes: 4096 },
    });
    expect(repository.capabilities.search).toBe("scan");
    await repository.close();
    const upper = createSqliteRepository({ path: ":memory:", synchronous: "FULL" });
    await upper.close();
  });

  it("accepts libsql's earlier names fullText and busyRetries (deprecated)", async () => {
    const repository = createSqliteRepository({
      path: ":memory:",
      fullText: false,
      busyRetries: 1,
    });
    expect(repository.capabilities.search).toBe("scan");
    await repository.close();
  });

  it("rejects unknown options and bad values with INVALID_ARGUMENT naming them", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fullTextSerch: false }, "options.fullTextSerch"],
      [{ url: "file:x.db" }, "options.url"],
      [{ synchronous: "extra" }, "options.synchronous"],
      [{ busyTimeoutMs: -1 }, "options.busyTimeoutMs"],
      [{ retry: { retries: 1.5 } }, "options.retry.retries"],
      [{ fullTextSearch: "yes" }, "options.fullTextSearch"],
      [{ fullText: true, fullTextSearch: false }, "options.fullText"],
    ];
    for (const [options, path] of cases) {
      expect(() => createSqliteRepository({ path: ":memory:", ...options } as never), path).toThrow(
        invalid(path),
      );
    }
  });

  it("a second opener of the same file with other connection options is INVALID_ARGUMENT, as on libsql", async () => {
    const path = join(dir, "twice.db");
    const first = createSqliteRepository({ path });
    try {
      expect(() => createSqliteRepository({ path, fullTextSearch: false })).toThrow(
        invalid("options.fullTextSearch"),
      );
      const second = createSqliteRepository({ path, synchronous: "NORMAL" });
      await second.close();
    } finally {
      await first.close();
    }
  });
});
