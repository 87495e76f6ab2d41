import { pathToFileURL } from "node:url";
import type { SessionRepository } from "@sessionkit/core";

/** Configuration every child runner receives as its single JSON argument. */
export interface ChildConfig {
  /** Absolute path or file: URL of the adapter's opener module. */
  openerModule: string;
  /** What the opener opens, e.g. a database path. */
  location: string;
}

/** Imports the opener module (default export `async (location) => SessionRepository`) and opens. */
export async function openStore(config: ChildConfig): Promise<SessionRepository> {
  const url = config.openerModule.startsWith("file:")
    ? config.openerModule
    : pathToFileURL(config.openerModule).href;
  const module = (await import(url)) as { default?: unknown };
  if (typeof module.default !== "function") {
    throw new Error(
      `${config.openerModule} has no default export function (location) => SessionRepository`,
    );
  }
  return await (module.default as (location: string) => Promise<SessionRepository>)(
    config.location,
  );
}

/** The runner's configuration: its single JSON command-line argument. */
export function readConfig<T extends ChildConfig>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error("missing JSON configuration argument");
  return JSON.parse(raw) as T;
}

/** Resolves when the parent writes a line equal to `word` on stdin. */
export function waitForWord(word: string): Promise<void> {
  return new Promise((resolve) => {
    let buffer = "";
    process.stdin.setEncoding("utf8");
    const onData = (chunk: string) => {
      buffer += chunk;
      if (buffer.split("\n").includes(word)) {
        process.stdin.off("data", onData);
        process.stdin.pause();
        // A paused stdin pipe still holds the event loop open: let the child exit when done.
        process.stdin.unref();
        resolve();
      }
    };
    process.stdin.on("data", onData);
  });
}

/** One line to the parent. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Prints the last line, then exits once it is flushed (stdin would keep the process alive). */
export function finish(line: string): void {
  process.stdout.write(`${line}\n`, () => process.exit(0));
}
