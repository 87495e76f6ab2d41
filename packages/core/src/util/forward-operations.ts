import {
  type SessionOperationName,
  sessionOperationNames,
} from "../contract/session-operation-names.js";

/**
 * Defines every contract operation on `prototype` as a forwarder: `op(...args)` calls
 * `via.call(this, "op", args)`. A class declares the methods by merging `SessionOperations`
 * into its interface and calls this once (in a static block, so `via` may use private members):
 * one forwarding wall instead of twenty-one hand-written ones.
 */
export function forwardSessionOperations<T>(
  prototype: T,
  via: (this: T, operation: SessionOperationName, args: unknown[]) => Promise<unknown>,
): void {
  for (const operation of sessionOperationNames) {
    Object.defineProperty(prototype, operation, {
      value: function (this: T, ...args: unknown[]) {
        return via.call(this, operation, args);
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
