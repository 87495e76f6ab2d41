import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "stream-turn.js");
const dir = mkdtempSync(join(tmpdir(), "example-streaming-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("streaming-turn example (built; a real second process watches)", () => {
  it("delivers the partial chunks in order and the stored events to both watchers", () => {
    const out = execFileSync(process.execPath, [script, join(dir, "stream.db")], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(out).toBe(
      [
        "final answer (seq 2): Sunlight scatters off air molecules; blue scatters most.",
        "streamed in this process:  Sunlight |scatters |off |air |molecules; |blue |scatters |most.",
        "streamed to other process: Sunlight |scatters |off |air |molecules; |blue |scatters |most.",
        "watcher in this process:  8 partial, stored: #1 user, #2 assistant",
        "watcher in other process: 8 partial, stored: #1 user, #2 assistant (exit 0)",
        "",
      ].join("\n"),
    );
  });
});
