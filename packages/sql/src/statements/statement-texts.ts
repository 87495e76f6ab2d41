/**
 * Helpers for statement texts built from a row count (multi-row inserts and updates): the
 * `VALUES` placeholders, and one cache so each text is built once per process.
 */

const texts = new Map<string, string>();

/** The text cached under `key`, built by `build` the first time. */
export function cachedText(key: string, build: () => string): string {
  let sql = texts.get(key);
  if (sql === undefined) {
    sql = build();
    texts.set(key, sql);
  }
  return sql;
}

/** `rows` rows of `width` placeholders: `(?, ?), (?, ?)` for 2 × 2. */
export function placeholderRows(rows: number, width: number): string {
  const row = `(${new Array<string>(width).fill("?").join(", ")})`;
  return new Array<string>(rows).fill(row).join(", ");
}
