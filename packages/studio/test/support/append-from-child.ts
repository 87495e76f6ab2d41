import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { NewEvent, SessionKey } from "@sessionkit/core";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Appends `event` to the session from another process: `node` running a small ES module that
 * opens the same SQLite file through the built `@sessionkit/sqlite` (its `dist`: build first)
 * and appends. Partial events are sent with `partial: true` and are not stored.
 */
export async function appendFromChildProcess(
  path: string,
  key: SessionKey,
  event: NewEvent,
): Promise<void> {
  const script = `
    import { createSqliteRepository } from "@sessionkit/sqlite";
    const [path, key, event] = JSON.parse(process.argv[1]);
    const repo = createSqliteRepository({ path });
    await repo.appendEvent(key, event);
    await repo.close();
  `;
  await run(
    process.execPath,
    ["--input-type=module", "-e", script, JSON.stringify([path, key, event])],
    {
      cwd: packageDir,
      timeout: 20_000,
    },
  );
}
