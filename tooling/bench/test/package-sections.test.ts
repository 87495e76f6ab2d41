import { describe, expect, it } from "vitest";
import { PACKAGE_SECTIONS_MARKER, packageSections } from "../src/report/write.js";

describe("BENCHMARKS.md package sections", () => {
  it("keeps everything from the marker on, and nothing without one", () => {
    const kept = `${PACKAGE_SECTIONS_MARKER}\n\n## ADK\n\n| a | b |\n`;
    expect(packageSections(`# Benchmarks\n\n## W1\n\nold figures\n\n${kept}`)).toBe(kept);
    expect(packageSections("# Benchmarks\n\n## W1\n")).toBe("");
    expect(packageSections(undefined)).toBe("");
  });
});
