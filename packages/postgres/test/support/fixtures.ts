import type { SessionKey } from "@sessionkit/core";
import {
  createPostgresRepository,
  type PostgresRepository,
  type PostgresRepositoryOptions,
} from "@sessionkit/postgres";
import { dropSchema, freshSchema } from "./targets.js";

/** A repository in a fresh schema of `url`, and a cleanup that closes it and drops the schema. */
export function freshRepository(
  url: string,
  options: Omit<PostgresRepositoryOptions, "url" | "schema"> = {},
) {
  const schema = freshSchema();
  const repo = createPostgresRepository({ url, schema, ...options });
  return {
    repo: repo as PostgresRepository,
    schema,
    async cleanup() {
      await repo.close();
      await dropSchema(url, schema);
    },
  };
}

/** A session key in app "app". */
export function key(sessionId = "s1", userId = "u1"): SessionKey {
  return { appName: "app", userId, sessionId };
}

/** A text event. */
export function text(i: number, id?: string) {
  return { author: "user", content: { text: `message ${i}` }, ...(id ? { id } : {}) };
}
