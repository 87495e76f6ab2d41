import { SessionKitError } from "@sessionkit/core";
import { isBusyError, openWhileBusy, openWhileBusyAsync } from "@sessionkit/sql";
import { describe, expect, it } from "vitest";

const busy = () => Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
const other = () => Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });

describe("openWhileBusy", () => {
  it("recognizes BUSY and LOCKED in every form, and nothing else", () => {
    expect(isBusyError(busy())).toBe(true);
    expect(isBusyError({ code: "SQLITE_BUSY_RECOVERY" })).toBe(true);
    expect(isBusyError({ code: "SQLITE_LOCKED_SHAREDCACHE" })).toBe(true);
    expect(isBusyError({ extendedCode: "SQLITE_BUSY_SNAPSHOT", code: "SQLITE_BUSY" })).toBe(true);
    const converted = new SessionKitError({
      code: "BUSY",
      adapter: "t",
      operation: "open",
      problem: "locked",
    });
    expect(isBusyError(converted)).toBe(true);
    expect(isBusyError(other())).toBe(false);
    expect(isBusyError(null)).toBe(false);
    expect(isBusyError("SQLITE_BUSY")).toBe(false);
  });

  it("retries an attempt that fails with BUSY until it succeeds", async () => {
    let calls = 0;
    const value = openWhileBusy(() => {
      if (++calls < 4) throw busy();
      return "open";
    }, 5000);
    expect(value).toBe("open");
    expect(calls).toBe(4);

    let asyncCalls = 0;
    const asyncValue = await openWhileBusyAsync(async () => {
      if (++asyncCalls < 4) throw busy();
      return "open";
    }, 5000);
    expect(asyncValue).toBe("open");
    expect(asyncCalls).toBe(4);
  });

  it("throws any other error at once, without retrying", async () => {
    let calls = 0;
    const error = other();
    expect(() =>
      openWhileBusy(() => {
        calls++;
        throw error;
      }, 5000),
    ).toThrow(error);
    expect(calls).toBe(1);
    let asyncCalls = 0;
    await expect(
      openWhileBusyAsync(async () => {
        asyncCalls++;
        throw error;
      }, 5000),
    ).rejects.toBe(error);
    expect(asyncCalls).toBe(1);
  });

  it("gives up with the last BUSY once the timeout is spent", async () => {
    for (const run of [
      (fn: () => never) => {
        try {
          openWhileBusy(fn, 120);
        } catch (e) {
          return e;
        }
      },
      (fn: () => never) => openWhileBusyAsync(async () => fn(), 120).catch((e: unknown) => e),
    ]) {
      let calls = 0;
      const started = Date.now();
      const error = await run(() => {
        calls++;
        throw busy();
      });
      const elapsed = Date.now() - started;
      expect(error).toMatchObject({ code: "SQLITE_BUSY" });
      expect(elapsed).toBeGreaterThanOrEqual(120);
      expect(elapsed).toBeLessThan(1000);
      expect(calls).toBeGreaterThan(2);
    }
  });
});
