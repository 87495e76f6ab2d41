import { retireJsonStore } from "@sessionkit/json-file-store";
import { describe, expect, it } from "vitest";
import { parseJsonError, runCli, runJson } from "./helpers/cli.js";
import { useSeededStore } from "./helpers/seeded-store.js";
import { JSON_FILES } from "./helpers/stores.js";

const SUCCESSOR = "sqlite:/var/lib/app/sessions.db";

describe("writes into a retired legacy JSON store", () => {
  const store = useSeededStore(JSON_FILES);

  it("every writing command refuses with RETIRED naming the new store; reads still work", async () => {
    await retireJsonStore(store().slice("json:".length), { successor: SUCCESSOR });
    const before = await runJson<unknown>([
      "sessions",
      "list",
      "--app",
      "support",
      "--db",
      store(),
    ]);
    const writes = [
      ["sessions", "create", "--app", "support", "--user", "alice"],
      ["sessions", "expire", "s-hello"],
      ["sessions", "delete", "s-hello"],
      ["cleanup", "--max-age-hours", "1", "--yes"],
      ["purge", "--yes"],
    ];
    for (const args of writes) {
      const text = await runCli([...args, "--db", store()]);
      expect(text.code, args.join(" ")).toBe(1);
      expect(text.stderr).toContain("(RETIRED)");
      expect(text.stderr).toContain(`its sessions live in ${SUCCESSOR}`);
      expect(text.stderr).toContain(`--db ${SUCCESSOR}`);
      const json = parseJsonError(await runCli([...args, "--json", "--db", store()]));
      expect(json.error).toMatchObject({ code: "RETIRED", exitCode: 1 });
    }
    expect(await runJson(["sessions", "list", "--app", "support", "--db", store()])).toEqual(
      before,
    );
    const history = await runCli(["history", "s-invoice", "--db", store()]);
    expect(history.code).toBe(0);
  });
});
