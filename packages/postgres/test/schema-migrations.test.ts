import { createPostgresRepository, POSTGRES_SCHEMA_VERSION } from "@sessionkit/postgres";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { key } from "./support/fixtures.js";
import { dropSchema, freshSchema } from "./support/targets.js";

const url = inject("pgUrl");
const dropped: string[] = [];
afterEach(async () => {
  for (const schema of dropped.splice(0)) await dropSchema(url, schema);
});

async function sql<T extends pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe("postgres schema migrations", () => {
  it("six repositories opening a fresh schema at once migrate it once (advisory lock)", async () => {
    const schema = freshSchema();
    dropped.push(schema);
    const repos = Array.from({ length: 6 }, () =>
      createPostgresRepository({ url, schema, max: 2 }),
    );
    await Promise.all(repos.map((r) => r.open()));
    await Promise.all(repos.map((r, i) => r.createSession(key(`s${i}`))));
    const rows = await sql<{ version: number; checksum: string }>(
      `SELECT version, checksum FROM "${schema}".sessionkit_migrations`,
    );
    expect(rows.map((r) => Number(r.version))).toEqual([POSTGRES_SCHEMA_VERSION]);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect((await repos[0]?.stats())?.sessions).toBe(6);
    await Promise.all(repos.map((r) => r.close()));
  });

  it("refuses a schema whose applied migration was changed (checksum) with SCHEMA, writing nothing", async () => {
    const schema = freshSchema();
    dropped.push(schema);
    const first = createPostgresRepository({ url, schema });
    await first.open();
    await first.close();
    await sql(`UPDATE "${schema}".sessionkit_migrations SET checksum = 'edited'`);
    const second = createPostgresRepository({ url, schema });
    await expect(second.createSession(key())).rejects.toMatchObject({
      code: "SCHEMA",
      message: expect.stringContaining("checksum"),
    });
    await second.close();
    expect(await sql(`SELECT * FROM "${schema}".sessions`)).toEqual([]);
  });

  it("refuses a schema newer than the package with SCHEMA and says to upgrade", async () => {
    const schema = freshSchema();
    dropped.push(schema);
    const first = createPostgresRepository({ url, schema });
    await first.open();
    await first.close();
    await sql(`INSERT INTO "${schema}".sessionkit_migrations VALUES (99, 'future', 'x', 0)`);
    const second = createPostgresRepository({ url, schema });
    const error = await second.open().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SCHEMA", remedy: expect.stringContaining("upgrade") });
    await second.close();
  });

  it("keeps stores in different schemas of one database apart", async () => {
    const a = freshSchema();
    const b = freshSchema();
    dropped.push(a, b);
    const ra = createPostgresRepository({ url, schema: a });
    const rb = createPostgresRepository({ url, schema: b });
    await ra.createSession(key("only-in-a"));
    expect(await rb.getSession(key("only-in-a"))).toBeNull();
    expect((await ra.stats()).sessions).toBe(1);
    expect((await rb.stats()).sessions).toBe(0);
    await ra.close();
    await rb.close();
  });
});
