import { describe, expect, it } from "vitest";
import { runCli, startCli } from "./helpers/cli.js";
import { useSeededStore } from "./helpers/seeded-store.js";
import { STORE_KINDS } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("studio on $name", (kind) => {
  const db = useSeededStore(kind);

  it("--store serves the studio on 127.0.0.1 with a token, read-only, until Ctrl-C", async () => {
    const cli = startCli(["studio", "--store", db()]);
    await cli.waitFor("sessionkit studio: http://127.0.0.1:");
    const url = new URL((/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(cli.stdout()) ?? [""])[0]);
    const token = url.searchParams.get("token") ?? "";
    expect(token.length).toBeGreaterThanOrEqual(40);
    const apps = await fetch(`${url.origin}/api/apps`, { headers: { "x-studio-token": token } });
    expect(await apps.json()).toEqual({ apps: ["billing", "support"] });
    expect((await fetch(`${url.origin}/api/apps`)).status).toBe(401);
    const write = await fetch(
      `${url.origin}/api/session/expire?app=support&user=alice&session=s-invoice`,
      {
        method: "POST",
        headers: { "x-studio-token": token },
      },
    );
    expect(write.status).toBe(403);
    expect(cli.stderr()).toContain("read-only");
    cli.child.kill("SIGINT");
    const result = await cli.exited;
    expect(result.code).toBe(0);
  });
});

describe("studio usage", () => {
  it("without a store says how to give one", async () => {
    const result = await runCli(["studio"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("--store <url>");
  });

  it("refuses a missing database file instead of creating it", async () => {
    const temp = await tempDir();
    try {
      const result = await runCli(["studio", "--db", `sqlite:${temp.dir}/missing.db`]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("NOT_FOUND");
    } finally {
      await temp.remove();
    }
  });
});
