import type { SessionPage } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { parseJsonError, runCli, runJson } from "./helpers/cli.js";
import { useSeededStore } from "./helpers/seeded-store.js";
import { SQLITE, STORE_KINDS } from "./helpers/stores.js";
import { hasScript, runInTerminal } from "./helpers/terminal.js";

interface OwnerCount {
  appName: string;
  userId: string;
  sessions: number;
}

describe.each(STORE_KINDS)("cleanup and purge: --dry-run, --yes and refusal on $name", (kind) => {
  const store = useSeededStore(kind);

  const statuses = async () =>
    (
      await runJson<SessionPage>(["sessions", "list", "--app", "support", "--status", "all"], {
        env: { SESSIONKIT_URL: store() },
      })
    ).sessions
      .map((s) => `${s.userId}/${s.id}:${s.status}`)
      .sort();

  it("without --yes and without a terminal, cleanup and purge refuse and change nothing", async () => {
    const before = await statuses();
    for (const args of [["cleanup", "--max-age-hours", "1"], ["purge"]]) {
      const result = await runCli([...args, "--db", store()]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("needs confirmation, but stdin is not a terminal");
      expect(result.stderr).toContain("pass --yes");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      const json = parseJsonError(await runCli([...args, "--json", "--db", store()]));
      expect(json.error).toMatchObject({ code: "USAGE", exitCode: 2 });
    }
    expect(await statuses()).toEqual(before);
  });

  it("cleanup --dry-run counts what would expire per app and user and changes nothing", async () => {
    const before = await statuses();
    const plan = await runJson<{ dryRun: true; wouldExpire: number; owners: OwnerCount[] }>([
      "cleanup",
      "--max-age-hours",
      "0.000001",
      "--dry-run",
      "--db",
      store(),
    ]);
    expect(plan.dryRun).toBe(true);
    expect(plan.owners).toEqual([
      { appName: "billing", userId: "alice", sessions: 1 },
      { appName: "support", userId: "alice", sessions: 3 },
      { appName: "support", userId: "bob", sessions: 2 },
      { appName: "support", userId: "carol", sessions: 1 },
    ]);
    expect(plan.wouldExpire).toBe(7);
    const human = await runCli(["cleanup", "--max-age-hours", "24", "--dry-run", "--db", store()]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Would expire 1 session idle since .* \(dry run\)\./);
    expect(human.stdout).toMatch(/│ support │ carol │ 1 +│/);
    expect(await statuses()).toEqual(before);
  });

  it("purge --dry-run counts what would be deleted per app and user and deletes nothing", async () => {
    const before = await statuses();
    const all = await runJson<{ wouldDelete: number; owners: OwnerCount[] }>([
      "purge",
      "--dry-run",
      "--db",
      store(),
    ]);
    expect(all.wouldDelete).toBe(2);
    expect(all.owners).toEqual([{ appName: "support", userId: "carol", sessions: 2 }]);
    const old = await runJson<{ wouldDelete: number; expiredBefore: number }>([
      "purge",
      "--dry-run",
      "--expired-before",
      "2021-01-01",
      "--db",
      store(),
    ]);
    expect(old).toMatchObject({ wouldDelete: 1, expiredBefore: Date.UTC(2021, 0, 1) });
    const human = await runCli(["purge", "--dry-run", "--db", store()]);
    expect(human.stdout).toMatch(/^Would delete 2 sessions \(dry run\)\./);
    expect(await statuses()).toEqual(before);
  });
});

/** No colour codes between the words the tests look for. */
const PLAIN = { NO_COLOR: "1" };

describe.skipIf(!hasScript)(
  "cleanup and purge ask on a terminal (needs util-linux `script`)",
  () => {
    const store = useSeededStore(SQLITE);

    const expired = async () =>
      (
        await runJson<SessionPage>(
          ["sessions", "list", "--app", "support", "--status", "expired", "--db", store()],
          {},
        )
      ).sessions.length;

    it("answering no changes nothing (exit 1); answering yes expires", async () => {
      const declined = runInTerminal(
        ["cleanup", "--max-age-hours", "24", "--db", store()],
        PLAIN,
        "n\n",
      );
      expect(declined.output).toContain("Expire 1 session idle since");
      expect(declined.output).toContain("[y/N]");
      expect(declined.output).toContain("Cancelled; no session was expired.");
      expect(declined.code).toBe(1);
      expect(await expired()).toBe(2);
      const accepted = runInTerminal(
        ["cleanup", "--max-age-hours", "24", "--db", store()],
        PLAIN,
        "y\n",
      );
      expect(accepted.output).toMatch(/│ support │ carol │ 1 +│/);
      expect(accepted.output).toContain("Expired 1 session idle since");
      expect(accepted.code).toBe(0);
      expect(await expired()).toBe(3);
    });

    it("purge asks before deleting; --yes does not ask", async () => {
      const declined = runInTerminal(["purge", "--db", store()], PLAIN, "\n");
      expect(declined.output).toContain("Permanently delete 2 sessions, with their events? [y/N]");
      expect(declined.code).toBe(1);
      const declinedJson = runInTerminal(["purge", "--json", "--db", store()], PLAIN, "n\n");
      expect(declinedJson.output).toMatch(/"cancelled": true/);
      expect(declinedJson.code).toBe(1);
      expect(await expired()).toBe(2);
      const accepted = runInTerminal(["purge", "--db", store()], PLAIN, "yes\n");
      expect(accepted.output).toContain("Purged 2 expired sessions.");
      expect(await expired()).toBe(0);
      const quiet = runInTerminal(
        ["cleanup", "--max-age-hours", "24", "--yes", "--db", store()],
        PLAIN,
      );
      expect(quiet.output).not.toContain("[y/N]");
      expect(quiet.output).toContain("Expired 1 session");
    });
  },
);
