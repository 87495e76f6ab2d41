/**
 * Every class of value that is not JSON (DESIGN §2 "Values and inputs"), each built fresh.
 * `wrap` puts the value at `parts[2].at`, so every error path must contain `parts[2].at`.
 */
export const badJsonValues: Array<[string, () => unknown]> = [
  ["undefined", () => undefined],
  ["a function", () => () => 1],
  ["a symbol", () => Symbol("s")],
  ["a BigInt", () => BigInt(10)],
  ["a Date", () => new Date(0)],
  ["a Map", () => new Map([["a", 1]])],
  ["a Set", () => new Set([1])],
  [
    "a class instance",
    () =>
      new (class Point {
        x = 1;
      })(),
  ],
  ["NaN", () => Number.NaN],
  ["Infinity", () => Number.POSITIVE_INFINITY],
  ["-Infinity", () => Number.NEGATIVE_INFINITY],
  [
    "a cycle",
    () => {
      const o: Record<string, unknown> = { a: 1 };
      o.self = o;
      return o;
    },
  ],
  ["a lone surrogate in a string", () => "ok\uD800"],
  ["a lone surrogate in a key", () => ({ "k\uDC00": 1 })],
  // biome-ignore lint/suspicious/noSparseArray: the hole is the point
  ["a sparse array hole", () => [1, , 3]],
  ["a symbol key", () => ({ [Symbol("k")]: 1 })],
];

/** `{ parts: [1, "two", { at: value }] }`. */
export function wrap(value: unknown): { parts: unknown[] } {
  return { parts: [1, "two", { at: value }] };
}

/** Every class of illegal id (DESIGN §2): empty, too long, control characters, lone surrogates. */
export const badIds: Array<[string, unknown]> = [
  ["an empty string", ""],
  ["257 characters", "x".repeat(257)],
  ["a NUL character", "a\u0000b"],
  ["a newline", "a\nb"],
  ["DEL", "a\u007fb"],
  ["a C1 control", "a\u0085b"],
  ["a lone high surrogate", "a\uD800"],
  ["a lone low surrogate", "\uDC00a"],
  ["a number", 42],
  ["null", null],
];
