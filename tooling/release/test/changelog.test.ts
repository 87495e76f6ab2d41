import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Fixture, root } from "./fixture.js";

const require = createRequire(import.meta.url);

interface Changeset {
  summary: string;
  commit?: string;
}
interface Generator {
  getReleaseLine(changeset: Changeset, type: string, options?: { repo?: string }): Promise<string>;
  getDependencyReleaseLine(
    changesets: Changeset[],
    dependencies: Array<{ name: string; newVersion: string }>,
    options?: { repo?: string },
  ): Promise<string>;
  commitLink(commit: string, options?: { repo?: string }): string;
}
const generator = require("../changelog.cjs") as Generator & { default: Generator };
const { commitLink, getDependencyReleaseLine, getReleaseLine } = generator;

const full = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
const link = `[\`1a2b3c4\`](https://github.com/sessionkit/sessionkit/commit/${full})`;

describe("changelog generator", () => {
  it("links an entry to the commit that added its changeset", async () => {
    const line = await getReleaseLine({ summary: "Add `openRepository`.", commit: full }, "minor");
    expect(line).toBe(`- ${link} Add \`openRepository\`.`);
  });

  it("indents the summary's further lines under the entry", async () => {
    const summary = "First line.\n\nSecond paragraph:\n- a point\n";
    const line = await getReleaseLine({ summary, commit: full }, "patch");
    expect(line).toBe(`- ${link} First line.\n\n  Second paragraph:\n  - a point`);
  });

  it("writes no link for a changeset that is not committed yet", async () => {
    expect(await getReleaseLine({ summary: "Fix it." }, "patch")).toBe("- Fix it.");
  });

  it("takes the repository from the options", async () => {
    const line = await getReleaseLine({ summary: "x", commit: full }, "patch", { repo: "me/fork" });
    expect(line).toContain(`(https://github.com/me/fork/commit/${full})`);
    expect(() => commitLink(full, { repo: "https://github.com/me/fork" })).toThrow(/owner\/name/);
    expect(() => commitLink("not-a-hash")).toThrow(/not a commit hash/);
  });

  it("lists updated dependencies with the commits that caused them", async () => {
    const other = "ffeeddccbbaa99887766554433221100ffeeddcc";
    const line = await getDependencyReleaseLine(
      [{ summary: "a", commit: full }, { summary: "b", commit: other }, { summary: "c" }],
      [
        { name: "@sessionkit/core", newVersion: "0.2.0" },
        { name: "@sessionkit/sql", newVersion: "0.2.0" },
      ],
    );
    expect(line).toBe(
      [
        `- Updated dependencies ${link}, [\`ffeeddc\`](https://github.com/sessionkit/sessionkit/commit/${other})`,
        "  - @sessionkit/core@0.2.0",
        "  - @sessionkit/sql@0.2.0",
      ].join("\n"),
    );
    expect(await getDependencyReleaseLine([{ summary: "a", commit: full }], [])).toBe("");
  });

  it("is what .changeset/config.json configures, resolved the way changesets resolves it", () => {
    const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8")) as {
      changelog: [string, { repo: string }];
    };
    const [path, options] = config.changelog;
    const configured = createRequire(join(root, ".changeset", "config.json"))(path) as {
      default: Generator;
    };
    expect(configured.default.getReleaseLine).toBe(generator.default.getReleaseLine);
    expect(options.repo).toBe("sessionkit/sessionkit");
  });
});

describe("changeset version with the generator", () => {
  const fixture = new Fixture({
    changelog: [
      join(root, "tooling", "release", "changelog.cjs"),
      { repo: "sessionkit/sessionkit" },
    ],
    commit: false,
    access: "public",
    baseBranch: "main",
    updateInternalDependencies: "patch",
  });
  afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

  it("writes CHANGELOG.md entries linking the commit that added each changeset", () => {
    fixture.json("packages/a/package.json", { name: "a", version: "0.1.0" });
    fixture.json("packages/b/package.json", {
      name: "b",
      version: "0.1.0",
      dependencies: { a: "^0.1.0" },
    });
    fixture.write(".changeset/brave-fox.md", '---\n"a": minor\n---\n\nA new option.\n');
    const commit = fixture.commit("a: a new option");

    fixture.changeset("version");

    const url = `https://github.com/sessionkit/sessionkit/commit/${commit}`;
    const a = fixture.read("packages/a/CHANGELOG.md");
    expect(a).toContain("## 0.2.0");
    expect(a).toContain(`- [\`${commit.slice(0, 7)}\`](${url}) A new option.`);
    const b = fixture.read("packages/b/CHANGELOG.md");
    expect(b).toContain(`- Updated dependencies [\`${commit.slice(0, 7)}\`](${url})`);
    expect(b).toContain("  - a@0.2.0");
  });
});
