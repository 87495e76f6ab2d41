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
