import { isSessionKitError, MemoryRepository, openRepository, registerAdapter } from "@sessionkit/core";
import { describe, expect, it } from "vitest";

describe("openRepository", () => {
  it("opens memory: without any adapter package", async () => {
    const repo = await openRepository("memory:");
    expect(repo).toBeInstanceOf(MemoryRepository);
    await repo.close();
  });
  it("refuses unknown schemes with INVALID_ARGUMENT", async () => {
    await expect(openRepository("redis://x")).rejects.toSatisfy(
      (e: unknown) => isSessionKitError(e, "INVALID_ARGUMENT") && /unknown URL scheme redis:/.test((e as Error).message),
    );
  });
  it("says which package to install when an adapter is missing", async () => {
    await expect(openRepository("json:/nowhere")).rejects.toSatisfy(
      (e: unknown) =>
        isSessionKitError(e, "UNSUPPORTED") && (e as Error).message.includes("install @sessionkit/json-file-store to open json: URLs"),
    );
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
