import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Fixture, repositoryConfig } from "./fixture.js";

interface ReleasePlan {
  releases: Array<{ name: string; type: string; newVersion: string }>;
}

// @sessionkit/core is a peer dependency of the adapters and tools. Stock changesets 2.x bumps
// every peer dependent to the next MAJOR when the peer dependency leaves its range — 0.1.0 →
// 1.0.0 for a 0.x package after a core minor. The repository patches that (pnpm
// patchedDependencies) and sets onlyUpdatePeerDependentsWhenOutOfRange: this checks the plan.
describe("release plan for peer dependents", () => {
  const { ___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH: unsafe, updateInternalDependencies } =
    repositoryConfig();
  const fixture = new Fixture({
    changelog: false,
    commit: false,
    access: "public",
    baseBranch: "main",
    updateInternalDependencies,
    ___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH: unsafe,
  });
  afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

  it("bumps a 0.x peer dependent to its next minor, a 1.x one to its next major, an in-range one not at all", () => {
    fixture.json("packages/core/package.json", { name: "core", version: "0.1.0" });
    const dependent = (name: string, version: string, range: string) =>
      fixture.json(`packages/${name}/package.json`, {
        name,
        version,
        peerDependencies: { core: range },
        devDependencies: { core: "^0.1.0" },
      });
    dependent("adapter", "0.1.0", "^0.1.0");
    dependent("stable", "1.0.0", "^0.1.0");
    dependent("wide", "0.1.0", ">=0.1.0 <1.0.0");
    fixture.json("packages/own/package.json", {
      name: "own",
      version: "0.1.0",
      peerDependencies: { core: "^0.1.0" },
    });
    fixture.write(".changeset/core.md", '---\n"core": minor\n---\n\nA new export.\n');
    fixture.write(".changeset/own.md", '---\n"own": patch\n---\n\nA fix of its own.\n');
    fixture.commit("changesets");

    fixture.changeset("status", "--output=plan.json");
    const plan = JSON.parse(fixture.read("plan.json")) as ReleasePlan;
    const bumps = Object.fromEntries(
      plan.releases.filter((r) => r.type !== "none").map((r) => [r.name, r.newVersion]),
    );
    expect(bumps).toEqual({
      core: "0.2.0",
      adapter: "0.2.0", // not 1.0.0
      stable: "2.0.0",
      own: "0.2.0", // its own patch raised to the minor the peer needs
    });
  });
});
