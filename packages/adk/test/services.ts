import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BaseSessionService,
  DatabaseSessionService,
  InMemorySessionService,
} from "@google/adk";
import {
  type SessionKitSessionService,
  type SessionKitSessionServiceOptions,
  sessionServiceFromUrl,
} from "../src/index.js";

/** Which implementation a checklist run is against. */
export type ServiceKind = "sessionkit" | "adk-memory" | "adk-database";

/** A session service under test and how to dispose of it. */
export interface ServiceUnderTest {
  service: BaseSessionService;
  close(): Promise<void>;
}

/** One implementation the behaviour checklist runs against. */
export interface ServiceFactory {
  name: string;
  kind: ServiceKind;
  open(options?: SessionKitSessionServiceOptions): Promise<ServiceUnderTest>;
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `sessionkit-adk-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The sessionkit store URL of each persistent adapter, in a fresh directory. */
export const storeUrls: Record<string, (dir: string) => string> = {
  sqlite: (dir) => `sqlite:${join(dir, "sessions.db")}`,
  libsql: (dir) => `file:${join(dir, "sessions.db")}`,
  json: (dir) => `json:${join(dir, "store")}?create`,
};

function sessionkit(name: string, url: (dir: string) => string): ServiceFactory {
  return {
    name: `SessionKitSessionService (${name})`,
    kind: "sessionkit",
    async open(options) {
      const tmp = tempDir(name);
      const service = await sessionServiceFromUrl(url(tmp.dir), options);
      return {
        service,
        async close() {
          await service.close();
          tmp.remove();
        },
      };
    },
  };
}

/** ADK's DatabaseSessionService on a SQLite file (mikro-orm), its schema created on first use. */
export async function openAdkDatabase(file: string): Promise<DatabaseSessionService> {
  const service = new DatabaseSessionService(`sqlite://${file}`);
  await service.init();
  return service;
}

/** Closes the mikro-orm connection of ADK's DatabaseSessionService. */
export async function closeAdkDatabase(service: DatabaseSessionService): Promise<void> {
  const orm = (service as unknown as { orm?: { close(force?: boolean): Promise<void> } }).orm;
  await orm?.close(true);
}

/** Every implementation of the checklist: sessionkit on four adapters, and ADK's own two. */
export const factories: ServiceFactory[] = [
  sessionkit("memory", () => "memory:"),
  ...Object.entries(storeUrls).map(([name, url]) => sessionkit(name, url)),
  {
    name: "ADK InMemorySessionService",
    kind: "adk-memory",
    async open() {
      return { service: new InMemorySessionService(), close: async () => {} };
    },
  },
  {
    name: "ADK DatabaseSessionService (SQLite)",
    kind: "adk-database",
    async open() {
      const tmp = tempDir("adk-db");
      const service = await openAdkDatabase(join(tmp.dir, "adk.db"));
      return {
        service,
        async close() {
          await closeAdkDatabase(service);
          tmp.remove();
        },
      };
    },
  },
];

/** A sessionkit service over a fresh memory repository. */
export function memoryService(
  options?: SessionKitSessionServiceOptions,
): Promise<SessionKitSessionService> {
  return sessionServiceFromUrl("memory:", options);
}
