/**
 * The getting-started guide's example (docs/getting-started.md, "Ten lines") as a user runs it
 * from an install of the packed tarballs — shared by `pnpm pack:smoke` (type-checks and runs it
 * on the machine's Node) and `node scripts/node-matrix.mjs packed` (runs it on the other Node
 * majors).
 *
 * The code is examples/guide-snippets/src/getting-started.ts, which the guide quotes verbatim
 * (examples/guide-snippets/test/snippets-in-docs.test.ts); what it must print is read from the
 * guide's own sentence "It prints `…`".
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const SOURCE = "examples/guide-snippets/src/getting-started.ts";
const GUIDE = "docs/getting-started.md";
/** Where the consumer project's tsc (outDir "out") writes the compiled example. */
const COMPILED = join("out", "getting-started.js");

/**
 * The guide's promised output.
 * @param {string} root the repository root
 * @returns {string}
 */
function expectedOutput(root) {
  const guide = readFileSync(join(root, GUIDE), "utf8");
  if (!guide.includes(`// ${SOURCE}\n`)) {
    throw new Error(`${GUIDE} no longer quotes ${SOURCE}: update scripts/lib/guide-example.mjs`);
  }
  const printed = /It prints `([^`]+)`/.exec(guide);
  if (!printed?.[1])
    throw new Error(`${GUIDE} no longer says what the example prints ("It prints \`…\`")`);
  return printed[1];
}

/**
 * Copies the example into the consumer project `app` (next to its tsconfig.json).
 * @param {string} root the repository root
 * @param {string} app  the consumer project
 * @returns {{ source: string }} the file name to list in the project's tsconfig `files`
 */
export function writeGuideExample(root, app) {
  expectedOutput(root);
  copyFileSync(join(root, SOURCE), join(app, "getting-started.ts"));
  return { source: "getting-started.ts" };
}

/**
 * Runs the compiled example in `app` with `node` on a fresh database and checks it prints what
 * the guide says. Throws with the output when it does not.
 * @param {string} root the repository root
 * @param {string} app  the consumer project (compiled: out/getting-started.js)
 * @param {string} node the node executable
 * @param {NodeJS.ProcessEnv} [env]
 */
export function runGuideExample(root, app, node, env = process.env) {
  // The example creates ./data/sessions.db and reuses the session on a second run: start empty.
  rmSync(join(app, "data"), { recursive: true, force: true });
  const printed = execFileSync(node, [COMPILED], {
    cwd: app,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const expected = expectedOutput(root);
  if (printed !== expected) {
    throw new Error(
      `the guide's example (${SOURCE}) printed\n  ${printed}\non ${node}; ${GUIDE} says it prints\n  ${expected}`,
    );
  }
}
