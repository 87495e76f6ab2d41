/** String.prototype.isWellFormed (Node 20) without needing the ES2024 lib typings. */
export const isWellFormed = (s: string): boolean =>
  (s as unknown as { isWellFormed(): boolean }).isWellFormed();
