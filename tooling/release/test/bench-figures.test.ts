import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Figures quoted in README.md and docs/*.md from BENCHMARKS.md carry a marker right after the
 * figure, invisible once rendered:
 *
 *   1.09×<!-- bench: | sessionkit sqlite | raw better-sqlite3 | -->
 *   13.28×<!-- bench: sessionkit sqlite against the peers > | Mastra LibSQLStore | -->
 *
 * The marker names one line of BENCHMARKS.md: a piece of its text, optionally preceded by a piece
 * of the heading of the section to look in and ` > `. The figure is the last number before the
 * marker on the same line (digits with `,` and `.`), and it must appear as a number on the line
 * the marker names — so a regenerated BENCHMARKS.md that moves a figure fails this test until the
 * docs quote the new one.
 */
const root = join(import.meta.dirname, "..", "..", "..");
const MARKER = /<!--\s*bench:\s*(.+?)\s*-->/g;
const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

const benchmarks = readFileSync(join(root, "BENCHMARKS.md"), "utf8").split("\n");
const docs = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

interface Quote {
  file: string;
  line: number;
  figure: string | undefined;
  target: string;
}

function quotes(file: string): Quote[] {
  const found: Quote[] = [];
  readFileSync(join(root, file), "utf8")
    .split("\n")
    .forEach((text, index) => {
      for (const match of text.matchAll(MARKER)) {
        // The text before the marker, without earlier markers (their own text holds numbers).
        const before = text.slice(0, match.index).replace(MARKER, "");
        found.push({
          file,
          line: index + 1,
          figure: before.match(NUMBER)?.at(-1),
          target: match[1] ?? "",
        });
      }
    });
  return found;
}

/** The lines of BENCHMARKS.md that a marker's target (`[section > ]text`) names. */
function linesNamed(target: string): string[] {
  const split = target.indexOf(" > ");
  const section = split >= 0 ? target.slice(0, split) : "";
  const needle = split >= 0 ? target.slice(split + 3) : target;
  let inSection = section === "";
  const lines: string[] = [];
  for (const line of benchmarks) {
    if (section !== "" && line.startsWith("#")) inSection = line.includes(section);
    if (inSection && line.includes(needle)) lines.push(line);
  }
  return lines;
}

const all = docs.flatMap(quotes);

describe("figures quoted in the docs match BENCHMARKS.md", () => {
  it("the README and the guides quote figures with markers", () => {
    expect(all.filter((q) => q.file === "README.md").length).toBeGreaterThan(10);
  });

  it.each(all.map((q) => [`${q.file}:${q.line} ${q.figure} ← ${q.target}`, q] as const))(
    "%s",
    (_, quote) => {
      expect(quote.figure, "no number before the marker").toBeDefined();
      const lines = linesNamed(quote.target);
      expect(lines, `"${quote.target}" must name exactly one line of BENCHMARKS.md`).toHaveLength(
        1,
      );
      const numbers = lines[0]?.match(NUMBER) ?? [];
      expect(numbers, `BENCHMARKS.md: ${lines[0]}`).toContain(quote.figure);
    },
  );
});
