import { startPgCluster } from "@sessionkit/postgres/testing";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL of the run's PostgreSQL server (database `postgres`). */
    pgUrl: string;
  }
}

/** One PostgreSQL server for the whole test run; every test works in its own schema. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster();
  project.provide("pgUrl", cluster.url);
  return () => cluster.stop();
}
