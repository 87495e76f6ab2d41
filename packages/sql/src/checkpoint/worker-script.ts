import { fileURLToPath } from "node:url";

/** A worker thread's script, and the `execArgv` to start it with when it must differ. */
export interface WorkerScript {
  /** The absolute path of the compiled worker script. */
  readonly script: string;
  /** The worker's `execArgv` when it must not inherit the parent's (tests run from source). */
  readonly execArgv?: string[];
}

/**
 * The compiled script `name` (without extension) next to the module at `moduleUrl` (pass
 * `import.meta.url`). When that module runs from source (tests: the `dev-source` condition),
 * the worker runs the package's build output without that condition (Node cannot load .ts).
 */
export function workerScriptOf(moduleUrl: string, name: string): WorkerScript {
  if (!moduleUrl.endsWith(".ts"))
    return { script: fileURLToPath(new URL(`./${name}.js`, moduleUrl)) };
  return { script: fileURLToPath(new URL(`../dist/${name}.js`, moduleUrl)), execArgv: [] };
}
