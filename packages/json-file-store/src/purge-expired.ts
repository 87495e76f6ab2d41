import type { ErrorContext, PurgeResult, SessionKey } from "@sessionkit/core";
import type { normalizePurgeOptions } from "@sessionkit/core/adapter-kit";
import { listApps, listSessionFiles, listUsers } from "./directory-walk.js";
import type { FileStore } from "./file-store.js";
import type { UnitRunner } from "./json-storage.js";
import { stageDeletion } from "./session-writes.js";

/** Runs `fn` once no transaction of the repository is open (CLOSED after close). */
export type Gated = <T>(fn: () => Promise<T>) => Promise<T>;

const sleepTick = () => new Promise((resolve) => setImmediate(resolve));

/** True when a session of this status and expiry time is to be purged. */
function isDoomed(
  rec: { status: string; expiredAt: number | null },
  expiredBefore: number | undefined,
): boolean {
  return (
    rec.status === "expired" &&
    (expiredBefore === undefined || (rec.expiredAt ?? 0) < expiredBefore)
  );
}

/**
 * purgeExpired on a JSON-file store: lists the expired sessions from their headers, then deletes
 * them in batches of `o.batchSize`, each session in its own unit (re-checked under its lock), each
 * batch at the gate, yielding to the event loop between batches. Stops before the next batch when
 * `o.signal` aborts (`done: false`).
 */
export async function purgeExpiredSessions(
  store: FileStore,
  gated: Gated,
  runner: UnitRunner,
  o: ReturnType<typeof normalizePurgeOptions>,
  ctx: ErrorContext,
): Promise<PurgeResult> {
  const layout = store.layout;
  const doomed: SessionKey[] = [];
  await gated(async () => {
    for (const app of await listApps(layout, ctx)) {
      for (const user of await listUsers(layout, app.id, ctx)) {
        for (const f of await listSessionFiles(layout, app.id, user.id, ctx)) {
          const h = await store.headers.read(f.path, ctx);
          if (!h || !isDoomed(h, o.expiredBefore)) continue;
          doomed.push({ appName: h.appName, userId: h.userId, sessionId: h.id });
        }
      }
    }
  });
  let deleted = 0;
  for (let i = 0; i < doomed.length; i += o.batchSize) {
    if (o.signal?.aborted) return { deleted, done: false };
    const batch = doomed.slice(i, i + o.batchSize);
    const count = await gated(async () => {
      let n = 0;
      for (const key of batch) {
        const gone = await runner(true, async (unit) => {
          const rec = await unit.session(key, ctx);
          if (!rec || !isDoomed(rec, o.expiredBefore)) return false;
          stageDeletion(unit, key, ctx);
          return true;
        });
        if (gone) n++;
      }
      return n;
    });
    deleted += count;
    if (count > 0) o.onProgress?.(deleted);
    await sleepTick();
  }
  return { deleted, done: true };
}
