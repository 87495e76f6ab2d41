/**
 * The migration phases, in order. The current one is recorded durably in the target database
 * and read by every running phased repository.
 * - foundation: target schema exists; legacy is the only store read or written.
 * - dual-write: legacy first (decides success), then target; target failures are journaled.
 * - target-primary: target first (decides success), then legacy as a backup; reads from target.
 * - target-only: legacy retired (archived), never written again.
 */
export const PHASES = ["foundation", "dual-write", "target-primary", "target-only"] as const;

/** One migration phase, from {@link PHASES}, in their order. */
export type Phase = (typeof PHASES)[number];

/** Whether `value` is one of the {@link PHASES} names (exact, case-sensitive); never throws. */
export function isPhase(value: unknown): value is Phase {
  return typeof value === "string" && (PHASES as readonly string[]).includes(value);
}

/** The phase after `phase`, or null at the end. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

/** The phase before `phase`, or null at the start. */
export function previousPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return i > 0 ? (PHASES[i - 1] as Phase) : null;
}
