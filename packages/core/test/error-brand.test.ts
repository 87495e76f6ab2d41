import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist", import.meta.url));

describe("SessionKitError across two installed copies of @sessionkit/core", () => {
  it("is recognised by isSessionKitError and instanceof of the other copy", async () => {
    // A second copy of the built package, as a dependency tree with two versions would have.
    const dir = await mkdtemp(join(tmpdir(), "sessionkit-core-copy-"));
    try {
      await cp(dist, join(dir, "dist"), { recursive: true });
      type Core = typeof import("../src/index.js");
      const first = (await import(pathToFileURL(join(dist, "index.js")).href)) as Core;
      const second = (await import(pathToFileURL(join(dir, "dist", "index.js")).href)) as Core;
      expect(first.SessionKitError).not.toBe(second.SessionKitError);
      const error = new second.SessionKitError({
        adapter: "memory",
        operation: "getSession",
        code: "NOT_FOUND",
        problem: "no such session",
      });
      expect(first.isSessionKitError(error)).toBe(true);
      expect(first.isSessionKitError(error, "NOT_FOUND")).toBe(true);
      expect(first.isSessionKitError(error, "BUSY")).toBe(false);
      expect(error instanceof first.SessionKitError).toBe(true);
      expect(new Error("plain") instanceof first.SessionKitError).toBe(false);
      expect(first.isSessionKitError({ code: "NOT_FOUND" })).toBe(false);
      expect(first.isSessionKitError(null)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
