import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  isSessionKitError,
  MemoryRepository,
  openRepository,
  registerAdapter,
} from "@sessionkit/core";
import { describe, expect, it } from "vitest";

describe("openRepository", () => {
  it("opens memory: without any adapter package", async () => {
    const repo = await openRepository("memory:");
    expect(repo).toBeInstanceOf(MemoryRepository);
    await repo.close();
  });
  it("refuses unknown schemes with INVALID_ARGUMENT", async () => {
    await expect(openRepository("redis://x")).rejects.toSatisfy(
      (e: unknown) =>
        isSessionKitError(e, "INVALID_ARGUMENT") &&
        /unknown URL scheme redis:/.test((e as Error).message),
    );
  });
  it("says which package to install when an adapter is missing", () => {
    // A plain Node process outside the workspace, where no adapter package is resolvable.
    const core = pathToFileURL(join(import.meta.dirname, "../dist/index.js")).href;
    const script = `import(${JSON.stringify(core)}).then((m) => m.openRepository("json:/nowhere")).then(
      () => console.log("opened"),
      (e) => console.log(JSON.stringify({ code: e.code, message: e.message })),
    );`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: mkdtempSync(join(tmpdir(), "sk-open-")),
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });
    const result = JSON.parse(out) as { code: string; message: string };
    expect(result.code).toBe("UNSUPPORTED");
    expect(result.message).toContain("install @sessionkit/json-file-store to open json: URLs");
  });
  it("uses a registered adapter module", async () => {
    const seen: string[] = [];
    registerAdapter("@sessionkit/sqlite", {
      async openFromUrl(url) {
        seen.push(url);
        return new MemoryRepository();
      },
    });
    const repo = await openRepository("sqlite:/tmp/x.db");
    expect(seen).toEqual(["sqlite:/tmp/x.db"]);
    await repo.close();
  });
});
