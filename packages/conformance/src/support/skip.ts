import type { ConformanceTarget } from "../target.js";

const announced = new Set<string>();

/**
 * Decides whether a test or group runs, from the target's capabilities only. When it is
 * skipped, the returned title states why and the reason is printed once per target.
 */
export function capabilityGate(
  target: ConformanceTarget,
  title: string,
  runs: boolean,
  reason: string,
): { skip: boolean; title: string } {
  if (runs) return { skip: false, title };
  const note = `skipped: ${reason}`;
  const once = `${target.name}\u0000${reason}`;
  if (!announced.has(once)) {
    announced.add(once);
    console.info(`[@sessionkit/conformance] ${target.name}: ${title} ${note}`);
  }
  return { skip: true, title: `${title} (${note})` };
}
