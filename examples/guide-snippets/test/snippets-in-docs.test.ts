import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every ```ts block of docs/*.md starts with `// examples/<path>` and must appear verbatim in
 * that file, which is type-checked (and run) here or in another example package. So a guide
 * cannot show code that does not compile against the current packages.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const docs = join(root, "docs");
const guides = readdirSync(docs).filter((f) => f.endsWith(".md"));

describe("guide snippets mirror type-checked example files", () => {
  it("finds the guides", () => {
    expect(guides.length).toBeGreaterThanOrEqual(5);
  });
  for (const guide of guides) {
    const text = readFileSync(join(docs, guide), "utf8");
    const blocks = [...text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m) => m[1]!);
    blocks.forEach((block, i) => {
      it(`${guide} block ${i + 1} is in its example file`, () => {
        const [first, ...rest] = block.split("\n");
        const marker = /^\/\/ (examples\/\S+\.ts)$/.exec(first ?? "");
        expect(marker, `first line must be "// examples/<file>.ts", got ${first}`).not.toBeNull();
        const source = readFileSync(join(root, marker![1]!), "utf8");
        expect(source).toContain(rest.join("\n").trimEnd());
      });
    });
  }
});
