/**
 * Rewrites SQLite's `?` placeholders as PostgreSQL's `$1, $2, …` in order. The shared statements
 * never put a `?` inside a string literal or an identifier, so every `?` is a parameter.
 * Results are memoized: the statement texts form a small, fixed set.
 */
const rewritten = new Map<string, string>();

/** `sql` with each `?` replaced by `$n` (n counting from 1, left to right). */
export function toPositional(sql: string): string {
  let text = rewritten.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    rewritten.set(sql, text);
  }
  return text;
}
