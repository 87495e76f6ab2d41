import type { SessionRepository } from "@sessionkit/core";
import { type OpenMode, openStore } from "../store/open-store.js";
import type { CliContext } from "./context.js";

/** Opens the store, runs `fn` and closes the store whether `fn` succeeded or not. */
export async function withStore<T>(
  ctx: CliContext,
  mode: OpenMode,
  fn: (repo: SessionRepository) => Promise<T>,
): Promise<T> {
  const repo = await openStore(ctx.dbUrl, mode);
  try {
    return await fn(repo);
  } finally {
    await repo.close();
  }
}
