import type { SessionRepository } from "@sessionkit/core";

/** Calls per operation, e.g. `{ appendEvent: 12, getSession: 30 }`. */
export type CallCounts = Record<string, number>;

/**
 * A SessionRepository that wraps another and counts calls per method — a small custom
 * adapter (the same pattern serves tracing, metrics or caching). It keeps the contract by
 * delegating every call unchanged, and the conformance suite proves it.
 */
export function instrument(inner: SessionRepository, counts: CallCounts = {}): SessionRepository {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...args: unknown[]) => {
        counts[property] = (counts[property] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  });
}
