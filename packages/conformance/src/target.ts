import type { RepositoryCapabilities, SessionRepository } from "@sessionkit/core";

/**
 * A store that several processes open at once, for the cross-process and crash groups.
 * `openerModule` is the absolute path (or file: URL) of an ESM module whose default export is
 * `async (location: string) => SessionRepository`; the suite imports it in real child processes.
 */
export interface SharedStore {
  /** What the child passes to the opener, e.g. a file path or URL. */
  location: string;
  openerModule: string;
  /** Opens the store in this (parent) process. */
  open(): Promise<SessionRepository>;
  /** Removes the store's files. Called after the test. */
  destroy(): Promise<void>;
}

/**
 * What an adapter gives the suite. Isolation rule: every call of `create()` returns a repository
 * that shares no data with any other repository created by this target, so tests are independent
 * and may run in any order.
 */
export interface ConformanceTarget {
  /** Shown in test titles; never used to decide what runs. */
  name: string;
  /** Declared capabilities; the suite skips groups only through these, printing the reason. */
  capabilities: RepositoryCapabilities;
  /** A fresh, empty, isolated repository. */
  create(): Promise<SessionRepository>;
  /** Called after each test with the repository `create()` returned (after the suite closed it). */
  destroy?(repository: SessionRepository): Promise<void>;
  /**
   * For the cross-process and crash groups (file-backed adapters opt in through
   * `capabilities.crossProcess`): a fresh store that child processes can open.
   */
  createShared?(): Promise<SharedStore>;
}

/** Tuning for a run of the suite. */
export interface ConformanceOptions {
  /** Runs of the model-based test (fast-check numRuns). Default 25. */
  modelRuns?: number;
  /** SIGKILL trials in the crash group. Default 20. */
  crashTrials?: number;
  /** Child processes in the cross-process group. Default 4 (at least 2). */
  writers?: number;
  /**
   * Events each writer process appends in the cross-process group, round robin over three
   * shared sessions. Default 150 (at least 3, rounded down to a multiple of 3).
   */
  writerEvents?: number;
  /**
   * The size limits the target's repositories were opened with, when not the defaults
   * (1 MiB per event, 1 MiB per state value). The validation group goes just past them.
   */
  limits?: { maxEventBytes?: number; maxStateValueBytes?: number };
  /**
   * Run only these behaviour groups (names as in `behaviourGroups`, e.g. ["listing", "watch"]),
   * for focused runs while developing an adapter. Default: every group.
   */
  only?: string[];
}
