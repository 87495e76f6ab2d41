import type { SessionRepository } from "@sessionkit/core";
import {
  countDrift,
  createPhasedRepository,
  type Phase,
  type PhasedRepository,
  repositorySource,
  setMigrationPhase,
  verify,
} from "@sessionkit/migrate";

interface Pair {
  legacy: SessionRepository;
  target: SessionRepository;
  phase: Phase;
  mismatches: unknown[];
  cleanup?: () => Promise<void>;
}

const pairs = new WeakMap<SessionRepository, Pair>();

/** Opens a phased repository over two stores in `phase`, remembering them for `checkMirror`. */
export async function openPhased(
  legacy: SessionRepository,
  target: SessionRepository,
  phase: Phase,
  cleanup?: () => Promise<void>,
): Promise<PhasedRepository> {
  await setMigrationPhase(target, phase);
  const mismatches: unknown[] = [];
  const repo = createPhasedRepository({
    legacy,
    target,
    closeStores: false,
    shadowReadRate: phase === "dual-write" ? 1 : 0,
    recordShadowMismatches: false,
    onShadowMismatch: (m) => mismatches.push(m),
  });
  pairs.set(repo, { legacy, target, phase, mismatches, cleanup });
  return repo;
}

/**
 * After a conformance test: in the mirrored phases both stores must hold identical data (same
 * hashes), no write may have drifted and no shadow read may have mismatched. Then closes both.
 */
export async function checkMirrorAndClose(repo: SessionRepository): Promise<void> {
  const pair = pairs.get(repo);
  if (!pair) return;
  try {
    await (repo as PhasedRepository).flushShadowReads();
    if (pair.phase === "dual-write" || pair.phase === "target-primary") {
      const drift = await countDrift(pair.target);
      if (drift > 0)
        throw new Error(`${drift} drift journal entries after a test in ${pair.phase}`);
      const report = await verify({
        legacy: repositorySource(pair.legacy, "legacy"),
        target: pair.target,
        recheckAttempts: 0,
      });
      if (!report.ok) {
        throw new Error(
          `legacy and target differ after a test in ${pair.phase}: ${JSON.stringify([report.mismatches.slice(0, 2), report.scopeMismatches.slice(0, 2)])}`,
        );
      }
      if (pair.mismatches.length > 0) {
        throw new Error(`shadow reads mismatched: ${JSON.stringify(pair.mismatches.slice(0, 2))}`);
      }
    }
  } finally {
    await pair.legacy.close();
    await pair.target.close();
    await pair.cleanup?.();
  }
}
