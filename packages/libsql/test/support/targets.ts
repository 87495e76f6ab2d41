import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConformanceTarget, SharedStore } from "@sessionkit/conformance";
import type { SessionRepository } from "@sessionkit/core";
import {
  capabilitiesFor,
  createLibsqlRepository,
  openFromUrl,
  resolveLocation,
} from "@sessionkit/libsql";
import { afterAll } from "vitest";
import { type SqldServer, startSqld } from "./sqld-server.js";

/** The conformance opener module (child processes import it). */
export const openerModule = fileURLToPath(new URL("../opener.mjs", import.meta.url));

/** Embedded file mode: a fresh temp directory per repository. */
export function fileTarget(embeddedDriver: "native" | "client" = "native"): ConformanceTarget {
  const dirs = new Map<SessionRepository, string>();
  return {
    name: `libsql file: (${embeddedDriver} driver)`,
    capabilities: capabilitiesFor(resolveLocation("file:/x.db", undefined), true),
    async create() {
      const dir = await mkdtemp(join(tmpdir(), "sessionkit-libsql-"));
      const repository = createLibsqlRepository({
        url: `file:${join(dir, "sessions.db")}`,
        embeddedDriver,
      });
      dirs.set(repository, dir);
      return repository;
    },
    async destroy(repository) {
      const dir = dirs.get(repository);
      dirs.delete(repository);
      if (dir) await rm(dir, { recursive: true, force: true });
    },
    async createShared(): Promise<SharedStore> {
      const dir = await mkdtemp(join(tmpdir(), "sessionkit-libsql-shared-"));
      const location = `file:${join(dir, "shared.db")}`;
      return {
        location,
        openerModule,
        open: () => openFromUrl(location, { embeddedDriver }),
        destroy: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** Embedded :memory: mode: every repository is its own database. */
export function memoryTarget(embeddedDriver: "native" | "client" = "native"): ConformanceTarget {
  return {
    name: `libsql :memory: (${embeddedDriver} driver)`,
    capabilities: capabilitiesFor(resolveLocation(":memory:", undefined), true),
    async create() {
      return createLibsqlRepository({ url: ":memory:", embeddedDriver });
    },
  };
}

/**
 * Starts servers one ahead: taking one starts the next, so a server's start-up (a few hundred
 * milliseconds, once per conformance test) overlaps the test that runs before it. Each server is
 * still used by one repository only. The spare left at the end is stopped after the file's tests
 * (vitest may end its worker without running exit handlers).
 */
function serversOneAhead(): () => Promise<SqldServer> {
  let spare: Promise<SqldServer> | undefined;
  afterAll(async () => {
    const left = await spare?.catch(() => undefined);
    spare = undefined;
    await left?.stop();
  });
  return () => {
    const next = spare ?? startSqld();
    spare = startSqld();
    // A failed spare surfaces when it is taken; until then it must not be an unhandled rejection.
    spare.catch(() => undefined);
    return next;
  };
}

/**
 * Remote mode against a real sqld: one fresh server (own port, own temp data dir) per
 * repository, so repositories share nothing; killed by PID after the test. Single-process
 * tests run on sqld's default WAL; the cross-process groups (several writer processes) on
 * `--use-custom-wal libsql-wal`, the configuration the README advises for concurrent writers.
 */
export function remoteTarget(protocol: "http" | "ws"): ConformanceTarget {
  const servers = new Map<SessionRepository, SqldServer>();
  const urlOf = (server: SqldServer) => (protocol === "http" ? server.httpUrl : server.wsUrl);
  const nextServer = serversOneAhead();
  return {
    name: `libsql remote ${protocol}:// (sqld)`,
    capabilities: capabilitiesFor(resolveLocation(`${protocol}://127.0.0.1:1`, undefined), true),
    async create() {
      const server = await nextServer();
      const repository = createLibsqlRepository({ url: urlOf(server) });
      servers.set(repository, server);
      return repository;
    },
    async destroy(repository) {
      const server = servers.get(repository);
      servers.delete(repository);
      await server?.stop();
    },
    async createShared(): Promise<SharedStore> {
      const server = await startSqld({ wal: "libsql-wal" });
      const location = urlOf(server);
      return {
        location,
        openerModule,
        open: () => openFromUrl(location),
        destroy: () => server.stop(),
      };
    },
  };
}
