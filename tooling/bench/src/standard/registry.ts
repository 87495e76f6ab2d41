import type { SubjectFactory } from "./subject.js";
import { sessionkitSubjects } from "./subjects/index.js";

/**
 * Every subject of the standard workloads: sessionkit's adapters and floors, then the peer
 * libraries (src/peers). A peer module that fails to load is reported and left out, so the
 * sessionkit figures still come.
 */
export async function loadSubjects(
  warn: (message: string) => void = console.warn,
): Promise<SubjectFactory[]> {
  try {
    const { peerSubjects } = await import("../peers/index.js");
    return [...sessionkitSubjects, ...peerSubjects];
  } catch (error) {
    warn(`peers not loaded: ${(error as Error).message}`);
    return [...sessionkitSubjects];
  }
}

/**
 * The subject named `name`: sessionkit's first, the peers loaded only when needed (their
 * libraries are heavy to import, and a worker for a sessionkit subject should not pay that).
 */
export async function findSubject(
  name: string,
  warn: (message: string) => void = console.warn,
): Promise<SubjectFactory | undefined> {
  return (
    sessionkitSubjects.find((f) => f.name === name) ??
    (await loadSubjects(warn)).find((f) => f.name === name)
  );
}
