// Loaded with `--import` (through NODE_OPTIONS, so vitest's workers and every child process a
// test starts load it too) by `node scripts/node-matrix.mjs test` on another Node major: modules
// that resolve to the workspace's better-sqlite3 (compiled for the machine's Node) get a copy of
// the same version compiled for this Node instead. The workspace's files are never touched, so
// the full test suite can run on the machine's Node at the same time.
// Where from and where to: this module's own URL, `…/redirect-better-sqlite3.mjs?from=…&to=…`.
import { register } from "node:module";

const params = new URL(import.meta.url).searchParams;
const from = params.get("from");
const to = params.get("to");
if (from && to) {
  register("./redirect-better-sqlite3-hooks.mjs", import.meta.url, { data: { from, to } });
}
