import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeSessionRepository } from "@sessionkit/conformance";
import type { SessionRepository } from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { tempDir } from "./temp-dir.js";

/** Capabilities without opening anything (repositories open lazily). */
async function capabilitiesOf(path: string) {
  const probe = createSqliteRepository({ path });
  const capabilities = probe.capabilities;
  await probe.close();
  return capabilities;
}

const opener = fileURLToPath(new URL("./open-store.mjs", import.meta.url));
const dirs = new Map<SessionRepository, () => void>();

describeSessionRepository({
  name: "sqlite (file)",
  capabilities: await capabilitiesOf(join(tmpdir(), "sk-capabilities-probe.db")),
  async create() {
    const { dir, remove } = tempDir();
    const repository = createSqliteRepository({ path: join(dir, "sessions.db") });
    dirs.set(repository, remove);
    return repository;
  },
  async destroy(repository) {
    dirs.get(repository)?.();
    dirs.delete(repository);
  },
  async createShared() {
    const { dir, remove } = tempDir();
    const location = join(dir, "shared.db");
    return {
      location,
      openerModule: opener,
      open: async () => createSqliteRepository({ path: location }),
      destroy: async () => remove(),
    };
  },
});

describeSessionRepository({
  name: "sqlite (:memory:)",
  capabilities: await capabilitiesOf(":memory:"),
  create: async () => createSqliteRepository({ path: ":memory:" }),
});

/** Full-text indexing off: search scans, with the same results (search groups only). */
describeSessionRepository(
  {
    name: "sqlite (:memory:, full-text off)",
    capabilities: createSqliteRepository({ path: ":memory:", fullTextSearch: false }).capabilities,
    create: async () => createSqliteRepository({ path: ":memory:", fullTextSearch: false }),
  },
  { only: ["search", "multilingualSearch"] },
);
