import type { SessionRepository } from "@sessionkit/core";
import type { ConformanceOptions, ConformanceTarget } from "./target.js";

/** Options with every default filled in. */
export interface ResolvedOptions {
  modelRuns: number;
  crashTrials: number;
  writers: number;
  /** Events per writer process in the cross-process group (a multiple of 3). */
  writerEvents: number;
  maxEventBytes: number;
  maxStateValueBytes: number;
}

/** What every behaviour group receives from the entry point. */
export interface SuiteContext {
  target: ConformanceTarget;
  options: ResolvedOptions;
  /** The current test's fresh repository (see the isolation rule on ConformanceTarget). */
  repo: () => SessionRepository;
}

/** A behaviour group: registers its `describe` block. */
export type BehaviourGroup = (context: SuiteContext) => void;

const MIB = 1 << 20;

export function resolveOptions(options: ConformanceOptions | undefined): ResolvedOptions {
  return {
    modelRuns: options?.modelRuns ?? 25,
    crashTrials: options?.crashTrials ?? 20,
    writers: Math.max(2, options?.writers ?? 4),
    writerEvents: Math.max(1, Math.floor((options?.writerEvents ?? 150) / 3)) * 3,
    maxEventBytes: options?.limits?.maxEventBytes ?? MIB,
    maxStateValueBytes: options?.limits?.maxStateValueBytes ?? MIB,
  };
}
