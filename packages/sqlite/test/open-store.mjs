// Opener module for the conformance suite's child processes: `location` is a database path.
import { createSqliteRepository } from "@sessionkit/sqlite";

export default async function open(location) {
  return createSqliteRepository({ path: location });
}
