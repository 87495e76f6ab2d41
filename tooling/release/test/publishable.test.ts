import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// The list `pnpm release:local` and `pnpm pack:smoke` pack (scripts/lib/pack.mjs).
import { publishablePackages, tarballName } from "../../../scripts/lib/pack.mjs";

const root = join(import.meta.dirname, "..", "..", "..");
const packages = publishablePackages(root);

describe("the publishable packages (release:local)", () => {
  it("are the libraries and both CLIs, each CLI with its executable", () => {
    const names = packages.map((p) => p.name);
    expect(names).toContain("@sessionkit/core");
    expect(names).toContain("@sessionkit/sqlite");
    expect(names).toContain("@sessionkit/sql");
    const bins = Object.fromEntries(packages.map((p) => [p.name, p.bins]));
    expect(bins.sessionkit).toEqual(["sessionkit"]);
    expect(bins["sessionkit-migrate"]).toEqual(["sessionkit-migrate"]);
  });

  it("get one tarball name each (pnpm's own names collide: @sessionkit/migrate vs sessionkit-migrate)", () => {
    const files = packages.map((p) => tarballName(p));
    expect(new Set(files).size).toBe(files.length);
    expect(tarballName({ name: "@sessionkit/migrate", version: "1.2.3" })).toBe(
      "sessionkit__migrate-1.2.3.tgz",
    );
    expect(tarballName({ name: "sessionkit-migrate", version: "1.2.3" })).toBe(
      "sessionkit-migrate-1.2.3.tgz",
    );
  });

  it("never depend on a private workspace package (it could not be installed)", () => {
    const privateNames = new Set(
      ["tooling/sample-data", "tooling/bench", "tooling/release"].map(
        (dir) => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).name,
      ),
    );
    for (const pkg of packages) {
      const manifest = JSON.parse(readFileSync(join(root, pkg.dir, "package.json"), "utf8"));
      const runtime = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
      expect(
        runtime.filter((name) => privateNames.has(name)),
        pkg.name,
      ).toEqual([]);
    }
  });
});
