import { Lane } from "@sessionkit/sql";
import { drive, get, run, type SqlRequest, type SqlWork } from "@sessionkit/sql/driver";
import { describe, expect, it } from "vitest";

/** A driver that answers from a function, synchronously or through a promise. */
function driverOf(answer: (r: SqlRequest) => unknown, async: boolean) {
  const seen: SqlRequest[] = [];
  return {
    seen,
    execute(r: SqlRequest) {
      seen.push(r);
      if (!async) return answer(r);
      return new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(answer(r));
          } catch (e) {
            reject(e);
          }
        }),
      );
    },
  };
}

function* work(): SqlWork<number> {
  const a = (yield* get<{ n: number }>("SELECT 1", [])) as { n: number };
  const b = yield* run("UPDATE", [a.n]);
  return a.n + b.changes;
}

describe("drive", () => {
  it("stays synchronous on a synchronous driver: the result is no promise", () => {
    const d = driverOf((r) => (r.kind === "get" ? { n: 2 } : { changes: 3 }), false);
    expect(drive(work(), d)).toBe(5);
    expect(d.seen.map((r) => r.kind)).toEqual(["get", "run"]);
  });

  it("awaits an asynchronous driver and gives the same result", async () => {
    const d = driverOf((r) => (r.kind === "get" ? { n: 2 } : { changes: 3 }), true);
    const result = drive(work(), d);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(5);
  });

  it.each([false, true])(
    "throws driver errors into the work so it can handle them (async %s)",
    async (async) => {
      function* recovering(): SqlWork<string> {
        try {
          yield* run("BAD", []);
          return "no error";
        } catch (error) {
          return `caught ${(error as Error).message}`;
        }
      }
      const d = driverOf(() => {
        throw new Error("boom");
      }, async);
      expect(await drive(recovering(), d)).toBe("caught boom");
    },
  );
});

describe("Lane", () => {
  it("runs synchronous tasks at once and queues tasks behind asynchronous ones, in order", async () => {
    const lane = new Lane();
    const order: string[] = [];
    expect(lane.run(() => "sync")).toBe("sync");
    let release!: () => void;
    const slow = lane.run(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          order.push("slow started");
        }),
    );
    expect(lane.busy).toBe(true);
    const next = lane.run(() => {
      order.push("next");
      return 1;
    });
    expect(order).toEqual(["slow started"]);
    release();
    await slow;
    expect(await next).toBe(1);
    expect(order).toEqual(["slow started", "next"]);
    await lane.idle();
    expect(lane.busy).toBe(false);
  });

  it("keeps going after a failed task", async () => {
    const lane = new Lane();
    const failed = lane.run(() => Promise.reject(new Error("x")));
    const after = lane.run(() => 2);
    await expect(failed).rejects.toThrow("x");
    expect(await after).toBe(2);
  });
});
