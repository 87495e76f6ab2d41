import { fileURLToPath } from "node:url";
import { describeSessionRepository } from "@sessionkit/conformance";
import type { SessionRepository } from "@sessionkit/core";
import {
  createJsonFileRepository,
  JSON_FILE_CAPABILITIES,
  type JsonFileRepository,
} from "@sessionkit/json-file-store";
import { tempRoot } from "./temp-root.js";

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
      // A SIGKILL can leave a lock directory without its sidecar; nothing proves its holder
      // dead, so it becomes "stale" (an integrity problem) only staleLockMs after the kill. With
      // the default 5 s, a slow verification on a loaded machine would report that lock; the
      // children (open-store.mjs, default 5 s) still break it before they write.
      open: () => createJsonFileRepository({ root: t.root, staleLockMs: 600_000 }),
      destroy: t.cleanup,
    };
  },
});
