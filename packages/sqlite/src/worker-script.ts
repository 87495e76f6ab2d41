import { type WorkerScript, workerScriptOf } from "@sessionkit/sql/checkpoint";

/** The compiled script of one of this package's worker threads (`name` without extension). */
export function workerScript(name: string): WorkerScript {
  return workerScriptOf(import.meta.url, name);
}
