import { createServer } from "node:net";
import { openRepository } from "@sessionkit/core";
import { createPostgresRepository, openFromUrl } from "@sessionkit/postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { key } from "./support/fixtures.js";
import { dropSchema, freshSchema, urlWithSchema } from "./support/targets.js";

const url = inject("pgUrl");
const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(url, s);
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe("postgres options and URLs", () => {
  it.each([
    ["an uppercase schema", { schema: "Sessions" }, "options.schema"],
    ["a schema with a quote", { schema: 'a"b' }, "options.schema"],
    ["a SQLite setting", { synchronous: "full" }, "options.synchronous"],
    ["a pool of 0", { max: 0 }, "options.max"],
    ["a negative statement timeout", { statementTimeoutMs: -1 }, "options.statementTimeoutMs"],
    ["an unknown option", { maxConnections: 3 }, "maxConnections"],
    ["a non-postgres URL", { url: "mysql://x@y/z" }, "url"],
  ])("rejects %s with INVALID_ARGUMENT naming the option", (_, options, path) => {
    expect(() => createPostgresRepository(options as never)).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT", message: expect.stringContaining(path) }),
    );
  });

  it("rejects a schema in the URL that disagrees with the schema option", () => {
    expect(() => createPostgresRepository({ url: urlWithSchema(url, "a"), schema: "b" })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("opens postgres:// and postgresql:// through core's openRepository, schema from the URL", async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const viaCore = await openRepository(urlWithSchema(url, schema));
    await viaCore.createSession(key());
    await viaCore.close();
    const other = await openRepository(
      urlWithSchema(url.replace("postgres://", "postgresql://"), schema),
    );
    expect(await other.getSession(key())).not.toBeNull();
    await other.close();
  });

  it("fails an unreachable server with IO, a remedy, and never the password", async () => {
    const port = await closedPort();
    const secret = "do-not-print-me";
    const target = `postgres://app:${secret}@127.0.0.1:${port}/db`;
    const error = (await openFromUrl(target, { connectionTimeoutMs: 2000 }).catch(
      (e: unknown) => e,
    )) as Error & {
      code: string;
      remedy: string;
    };
    expect(error).toMatchObject({ code: "IO", adapter: "postgres", operation: "open" });
    expect(error.remedy).toMatch(/running and reachable/);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    const repo = createPostgresRepository({ url: target, connectionTimeoutMs: 2000 });
    const opError = (await repo.getSession(key()).catch((e: unknown) => e)) as Error;
    expect(opError).toMatchObject({ code: "IO", operation: "getSession" });
    expect(opError.message).not.toContain(secret);
    await repo.close();
  });

  it("takes the parts a URL leaves out from the PG* environment", async () => {
    const parsed = new URL(url);
    const saved = { ...process.env };
    Object.assign(process.env, {
      PGHOST: parsed.hostname,
      PGPORT: parsed.port,
      PGUSER: "postgres",
      PGDATABASE: "postgres",
    });
    const schema = freshSchema();
    schemas.push(schema);
    try {
      const repo = createPostgresRepository({ schema });
      await repo.createSession(key("from-env"));
      expect(await repo.getSession(key("from-env"))).not.toBeNull();
      await repo.close();
    } finally {
      for (const name of ["PGHOST", "PGPORT", "PGUSER", "PGDATABASE"]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});
