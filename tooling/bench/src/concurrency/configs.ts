import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { createPostgresRepository } from "@sessionkit/postgres";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { benchPostgres } from "../standard/subjects/pg-cluster-subject.js";

/**
 * How W6 opens a store: `groupCommit` undefined is the adapter's default (group commit where
 * the adapter has it); `false` asks for one transaction per call (the shared SQL adapter
 * option; an adapter build without it rejects the option, and W6 reports that).
 */
export interface W6Config {
  /** e.g. "sqlite, synchronous FULL". */
  readonly name: string;
  /** Whether the group-commit targets apply to this configuration. */
  readonly targeted: boolean;
  open(dir: string, groupCommit: false | undefined): Promise<SessionRepository>;
}

const withGroupCommit = <T extends object>(options: T, groupCommit: false | undefined) =>
  groupCommit === undefined ? options : { ...options, groupCommit };

function embedded(
  kind: "sqlite" | "libsql",
  synchronous: "normal" | "full",
  targeted: boolean,
): W6Config {
  return {
    name: `${kind === "sqlite" ? "sqlite" : "libsql embedded"}, synchronous ${synchronous.toUpperCase()}`,
    targeted,
    async open(dir, groupCommit) {
      const path = join(dir, "sessions.db");
      const repo =
        kind === "sqlite"
          ? createSqliteRepository(withGroupCommit({ path, synchronous }, groupCommit))
          : createLibsqlRepository(
              withGroupCommit({ url: `file:${path}`, synchronous }, groupCommit),
            );
      await repo.health();
      return repo;
    },
  };
}

/**
 * W6's configurations: SQLite and embedded libSQL with synchronous NORMAL (the default) and
 * FULL, remote libSQL over ws:// (`remoteUrl`, a local sqld; omitted when not installed), and
 * PostgreSQL (the bench's server, a fresh schema per run). The group-commit targets apply to
 * FULL, remote libSQL and PostgreSQL, where each commit waits for the disk or the network.
 */
export function w6Configs(remoteUrl: string | null): W6Config[] {
  const configs = [
    embedded("sqlite", "normal", false),
    embedded("sqlite", "full", true),
    embedded("libsql", "normal", false),
    embedded("libsql", "full", true),
  ];
  if (remoteUrl !== null) {
    configs.push({
      name: "libsql remote (ws:// to a local sqld)",
      targeted: true,
      async open(_dir, groupCommit) {
        const repo = createLibsqlRepository(withGroupCommit({ url: remoteUrl }, groupCommit));
        await repo.health();
        return repo;
      },
    });
  }
  configs.push({
    name: "postgres (local server, synchronous_commit on)",
    targeted: true,
    async open(_dir, groupCommit) {
      const { url, schema } = await benchPostgres();
      const repo = createPostgresRepository(withGroupCommit({ url, schema }, groupCommit));
      await repo.open();
      return repo;
    },
  });
  return configs;
}
