import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll } from "vitest";
import { type RunningStudio, type StudioOptions, startStudio } from "../../src/index.js";

/** A real SQLite store in a temp directory with a studio serving it. */
export interface StudioFixture {
  dir: string;
  path: string;
  repository: SessionRepository;
  studio: RunningStudio;
  /** Stops the studio, closes the store, removes the directory. */
  dispose(): Promise<void>;
}

/**
 * Creates `<tmp>/store.db`, lets `seed` fill it, and starts a studio on it (`options` besides
 * the store, e.g. allowWrites).
 */
export async function studioOnSqlite(
  seed: (repository: SessionRepository) => Promise<unknown>,
  options: Omit<StudioOptions, "store"> = {},
): Promise<StudioFixture> {
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-studio-"));
  const path = join(dir, "store.db");
  const repository = createSqliteRepository({ path });
  await seed(repository);
  const studio = await startStudio({ store: { name: `sqlite:${path}`, repository }, ...options });
  return {
    dir,
    path,
    repository,
    studio,
    dispose: async () => {
      await studio.close();
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The studio URL with a page route: `http://127.0.0.1:port/?token=…#/session?…`. */
export function pageUrl(studio: RunningStudio, route: string): string {
  return `${studio.url}${route}`;
}

/**
 * Before the enclosing `describe`: a studio on a real SQLite store filled by `seed` (see
 * {@link studioOnSqlite}); after it: stopped and removed. Read `fixture` inside the tests.
 */
export function useStudio(
  seed: (repository: SessionRepository) => Promise<unknown>,
  options: Omit<StudioOptions, "store"> = {},
): { readonly fixture: StudioFixture } {
  const holder = {} as { fixture: StudioFixture };
  beforeAll(async () => {
    holder.fixture = await studioOnSqlite(seed, options);
  });
  afterAll(async () => {
    await holder.fixture?.dispose();
  });
  return holder;
}
