import { expect } from "vitest";

/** The fields of a SessionKitError the suite checks (duck-typed so any copy of core passes). */
export interface ObservedError {
  name: string;
  code: string;
  message: string;
  adapter: string;
  operation: string;
  path?: string;
}

/**
 * Awaits `action` and asserts it fails with a SessionKitError of `code`. When `path` is given,
 * asserts that `err.path` contains it and that the message names it. Returns the error.
 */
export async function expectError(
  action: Promise<unknown> | (() => unknown),
  code: string,
  path?: string,
): Promise<ObservedError> {
  let caught: unknown;
  let threw = false;
  try {
    await (typeof action === "function" ? action() : action);
  } catch (error) {
    threw = true;
    caught = error;
  }
  expect(threw, `expected a ${code} error, but the call succeeded`).toBe(true);
  expect(caught).toBeInstanceOf(Error);
  const error = caught as ObservedError;
  expect({ name: error.name, code: error.code }, error.message).toEqual({
    name: "SessionKitError",
    code,
  });
  expect(error.message).toContain(`(${code})`);
  expect(typeof error.adapter).toBe("string");
  expect(error.adapter.length).toBeGreaterThan(0);
  expect(typeof error.operation).toBe("string");
  expect(error.message).toContain(error.operation);
  if (path !== undefined) {
    expect(error.path, `error.path of: ${error.message}`).toContain(path);
    expect(error.message).toContain(path);
  }
  return error;
}

/**
 * Like expectError for `watch`: the error may be thrown by the call or by the first `next()`.
 * A first `next()` that neither settles within `timeoutMs` nor throws fails the test.
 */
export async function expectWatchError(
  open: () => AsyncIterable<unknown>,
  code: string,
  path?: string,
  timeoutMs = 5_000,
): Promise<ObservedError> {
  return expectError(
    async () => {
      const iterator = open()[Symbol.asyncIterator]();
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const hang = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`watch neither failed nor ended within ${timeoutMs} ms`)),
            timeoutMs,
          );
        });
        await Promise.race([iterator.next(), hang]);
      } finally {
        clearTimeout(timer);
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
      }
    },
    code,
    path,
  );
}
