import type { SessionRepository } from "@sessionkit/core";
import { type OpenMode, openStore } from "../store/open-store.js";
import type { CliContext } from "./context.js";

/**
 * Opens the store, runs `fn` and closes the store whether `fn` succeeded or not. When `fn`
 * failed, that failure is reported, not a later failure to close.
 */
export async function withStore<T>(
  ctx: CliContext,
  mode: OpenMode,
  fn: (repo: SessionRepository) => Promise<T>,
): Promise<T> {
  const repo = await openStore(ctx.dbUrl, mode);
  if (ctx.dbUrl?.toLowerCase().startsWith("memory:")) {
    ctx.note("note: a memory: store lives only as long as this command; nothing is kept");
  }
  let result: T;
  try {
    result = await fn(repo);
  } catch (error) {
    await repo.close().catch(() => {});
    throw error;
  }
  await repo.close();
  return result;
}
