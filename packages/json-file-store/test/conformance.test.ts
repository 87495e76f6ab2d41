import { fileURLToPath } from "node:url";
import { describeSessionRepository } from "@sessionkit/conformance";
import type { SessionRepository } from "@sessionkit/core";
import {
  createJsonFileRepository,
  JSON_FILE_CAPABILITIES,
  type JsonFileRepository,
} from "@sessionkit/json-file-store";
import { tempRoot, VERIFY_AFTER_KILL_STALE_LOCK_MS } from "./temp-root.js";

const cleanups = new Map<SessionRepository, () => Promise<void>>();

describeSessionRepository({
  name: "json-file-store",
  capabilities: JSON_FILE_CAPABILITIES,
  async create() {
    const t = await tempRoot();
    const repo: JsonFileRepository = await createJsonFileRepository({ root: t.root, create: true });
    cleanups.set(repo, t.cleanup);
    return repo;
  },
  async destroy(repo) {
    await repo.close();
    await cleanups.get(repo)?.();
    cleanups.delete(repo);
  },
  async createShared() {
    const t = await tempRoot();
    await (await createJsonFileRepository({ root: t.root, create: true })).close();
    return {
      location: t.root,
      openerModule: fileURLToPath(new URL("./open-store.mjs", import.meta.url)),
      open: () =>
        createJsonFileRepository({ root: t.root, staleLockMs: VERIFY_AFTER_KILL_STALE_LOCK_MS }),
      destroy: t.cleanup,
    };
  },
});
