import { SessionKitError, type SessionRepository } from "@sessionkit/core";

const DATA_WRITES = new Set(["writeSnapshot", "deleteSession", "writeScopedState"]);

/** A deterministic pseudo-random generator (mulberry32) so failing runs can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Wraps a real repository and makes a fraction of its data writes (writeSnapshot, deleteSession,
 * writeScopedState) fail with IO before they reach the store — the fault injection for the
 * dual-write tests. Meta writes (where the drift journal lives) are left alone.
 */
export function faultyRepository(
  inner: SessionRepository,
  failureRate: number,
  random: () => number,
): SessionRepository & { failures: number; enabled: boolean } {
  const state = { failures: 0, enabled: true };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "failures") return state.failures;
      if (prop === "enabled") return state.enabled;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (state.enabled && DATA_WRITES.has(String(prop)) && random() < failureRate) {
          state.failures++;
          return Promise.reject(
            new SessionKitError({
              code: "IO",
              adapter: "faulty",
              operation: String(prop),
              problem: "injected failure",
            }),
          );
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
    set(_t, prop, value) {
      if (prop === "enabled") {
        state.enabled = Boolean(value);
        return true;
      }
      return false;
    },
  }) as SessionRepository & { failures: number; enabled: boolean };
}
