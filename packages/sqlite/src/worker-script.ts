import { fileURLToPath } from "node:url";

/**
 * The compiled script of one of this package's worker threads (`name` without extension). When
 * this module runs from source (tests: the `dev-source` condition), the worker runs the build
 * output without that condition (Node cannot load .ts).
 */
export function workerScript(name: string): { script: string; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return { script: fileURLToPath(new URL(`./${name}.js`, here)) };
  return { script: fileURLToPath(new URL(`../dist/${name}.js`, here)), execArgv: [] };
}
