import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { createPostgresRepository } from "@sessionkit/postgres";
import { createSqliteRepository } from "@sessionkit/sqlite";
import pg from "pg";
import { benchPostgres, benchPostgresCpuMs } from "../standard/subjects/pg-cluster-subject.js";

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
  /**
   * A server's CPU time so far in ms (a local sqld the bench started): W6 then reports how much
   * of each call's wait the server itself computed.
   */
  readonly serverCpuMs?: () => number;
  /**
   * The CPU time so far in ms of ALL the local server's processes (e.g. PostgreSQL's
   * postmaster and backends), read at the start and end of a run only.
   */
  readonly serverTotalCpuMs?: () => number;
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
 * FULL, remote libSQL over ws:// (`remote`, a local sqld; omitted when not installed), and
 * PostgreSQL (the bench's server, a fresh schema per run; synchronous_commit on, and off as the
 * bound of batching commits). The group-commit targets apply to FULL, remote libSQL and
 * PostgreSQL with synchronous_commit on, where each commit waits for the disk or the network.
 */
export function w6Configs(remote: { url: string; cpuMs: () => number } | null): W6Config[] {
  const configs = [
    embedded("sqlite", "normal", false),
    embedded("sqlite", "full", true),
    embedded("libsql", "normal", false),
    embedded("libsql", "full", true),
  ];
  if (remote !== null) {
    configs.push({
      name: "libsql remote (ws:// to a local sqld)",
      targeted: true,
      async open(_dir, groupCommit) {
        const repo = createLibsqlRepository(withGroupCommit({ url: remote.url }, groupCommit));
        await repo.health();
        return repo;
      },
      serverCpuMs: remote.cpuMs,
      serverTotalCpuMs: remote.cpuMs,
    });
  }
  configs.push(postgres("on", true), postgres("off", false));
  return configs;
}

/** The bench server's database whose sessions commit without waiting for the WAL flush. */
const NO_COMMIT_WAIT_DATABASE = "bench_commit_nowait";

/**
 * PostgreSQL on the bench's server (fsync on), a fresh schema per run. `synchronous_commit off`
 * (untargeted): the same server and statements, but a commit does not wait for its WAL flush —
 * what the group commit does when the flush costs nothing, i.e. the bound of batching commits.
 * Set on a database of its own (`ALTER DATABASE … SET`), as the adapter owns its sessions'
 * `options`.
 */
function postgres(synchronousCommit: "on" | "off", targeted: boolean): W6Config {
  return {
    name: `postgres (local server, synchronous_commit ${synchronousCommit})`,
    targeted,
    serverTotalCpuMs: benchPostgresCpuMs,
    async open(_dir, groupCommit) {
      const server = await benchPostgres();
      const url = synchronousCommit === "on" ? server.url : await noCommitWaitDatabase(server.url);
      const repo = createPostgresRepository(
        withGroupCommit({ url, schema: server.schema }, groupCommit),
      );
      await repo.open();
      return repo;
    },
  };
}

/** The URL of {@link NO_COMMIT_WAIT_DATABASE} on the server of `url`, created on first use. */
async function noCommitWaitDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      NO_COMMIT_WAIT_DATABASE,
    ]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${NO_COMMIT_WAIT_DATABASE}`);
      await client.query(`ALTER DATABASE ${NO_COMMIT_WAIT_DATABASE} SET synchronous_commit = off`);
    }
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${NO_COMMIT_WAIT_DATABASE}`;
  return target.toString();
}
