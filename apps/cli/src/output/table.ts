import Table from "cli-table3";
import type { Colors } from "./colors.js";

/** A plain table: bold headers when colours are on, no colour codes otherwise. */
export function renderTable(
  head: string[],
  rows: Array<Array<string | number>>,
  colors: Colors,
): string {
  const table = new Table({
    head: head.map((title) => colors.bold(title)),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/** A two-column "name: value" table for one record. */
export function renderRecord(rows: Array<[string, string | number]>, colors: Colors): string {
  const table = new Table({ style: { head: [], border: [], compact: true }, wordWrap: true });
  for (const [name, value] of rows) table.push({ [colors.bold(name)]: String(value) });
  return table.toString();
}
