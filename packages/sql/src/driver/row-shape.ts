import type { SqlRow } from "./sql-driver.js";

/** Turns one raw row (the values in column order) into a {@link SqlRow}. */
export type RowShape = (values: readonly unknown[]) => SqlRow;

/**
 * The row constructor for a statement's columns, for drivers that read rows as arrays (raw
 * mode) and build the objects themselves. Generated once per statement as one object literal,
 * so every row of the statement gets the same hidden class and is built in one allocation:
 * measured on better-sqlite3 12 (Node 20, 400 event rows of 10 columns) 526 µs against 1,554 µs
 * for the driver's own row objects, and ahead of a loop assigning by name (600 µs).
 *
 * Keys are the column names as given (a repeated name keeps the last value, like the drivers'
 * own row objects). A column named `__proto__` would set the literal's prototype, so such a
 * statement gets the by-name loop instead.
 */
export function rowShape(columns: readonly string[]): RowShape {
  if (columns.includes("__proto__")) return (values) => assignByName(values, columns);
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(", ");
  return new Function("v", `return { ${fields} };`) as RowShape;
}

/** Every raw row of a result through `shape`, in order. */
export function shapeRows(rows: readonly unknown[], shape: RowShape): SqlRow[] {
  const out: SqlRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = shape(rows[i] as unknown[]);
  return out;
}

function assignByName(values: readonly unknown[], columns: readonly string[]): SqlRow {
  const row: SqlRow = {};
  for (let i = 0; i < columns.length; i++) {
    Object.defineProperty(row, columns[i] as string, {
      value: values[i],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return row;
}
