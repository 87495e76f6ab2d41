import type { SessionRepository } from "@sessionkit/core";
import { redactUrl } from "@sessionkit/core/adapter-kit";
import { usageError } from "@sessionkit/core/cli";
import {
  type MigrationRecord,
  requireMigrationRecord,
  type SessionSource,
  sleep,
} from "@sessionkit/migrate";
import { acquireLock } from "./lock.js";
import { Output } from "./output.js";
import {
  assertTargetExists,
  defaultLockFile,
  type LegacySpec,
  openLegacyRepository,
  openLegacySource,
  openTarget,
  parseLegacySpec,
} from "./stores.js";

/** Options every command accepts. */
export interface GlobalOptions {
  target?: string;
  legacy?: string;
  json?: boolean;
  dryRun?: boolean;
  lockFile?: string;
  quiet?: boolean;
  debug?: boolean;
  refreshMs?: string;
}

/**
 * What a command works with: the parsed options, the output, the stores it opened (closed at
 * the end), the lock, and an abort signal raised by SIGINT/SIGTERM.
 */
export class CommandContext {
  readonly out: Output;
  readonly controller = new AbortController();
  private readonly closers: Array<() => Promise<void>> = [];
  private targetRepo: SessionRepository | null = null;
  private releaseLock: (() => Promise<void>) | null = null;

  /**
   * @param createsTarget the command may create a missing target (only `init`); every other
   *   command — and any dry run — refuses a missing local target with a not-found error.
   */
  constructor(
    readonly options: GlobalOptions,
    readonly createsTarget = false,
  ) {
    this.out = new Output(Boolean(options.json), Boolean(options.quiet));
  }

  get dryRun(): boolean {
    return Boolean(this.options.dryRun);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** How often running applications re-read the phase (must match their refreshIntervalMs). */
  get refreshMs(): number {
    const v = Number(this.options.refreshMs ?? process.env.SESSIONKIT_MIGRATE_REFRESH_MS ?? 2000);
    return Number.isFinite(v) && v >= 0 ? v : 2000;
  }

  /** The target URL as messages and reports show it: any password replaced by `***`. */
  targetName(): string {
    return redactUrl(this.targetUrl());
  }

  targetUrl(): string {
    const url = this.options.target ?? process.env.SESSIONKIT_MIGRATE_TARGET;
    if (!url) {
      throw usageError(
        "no target database given",
        "pass --target <url> (e.g. sqlite:./sessions.db) or set SESSIONKIT_MIGRATE_TARGET",
      );
    }
    return url;
  }

  /**
   * The target, opened once per command (`options` apply to the first open only). Only `init`
   * creates it: for any other command (and any dry run) a missing local database is a not-found
   * error.
   */
  async target(options: Record<string, unknown> = {}): Promise<SessionRepository> {
    if (!this.targetRepo) {
      if (!this.createsTarget || this.dryRun) assertTargetExists(this.targetUrl());
      const repo = await openTarget(this.targetUrl(), options);
      this.targetRepo = repo;
      this.closers.push(async () => {
        if (this.targetRepo === repo) await repo.close();
      });
    }
    return this.targetRepo;
  }

  /** Closes the target (the next `target()` opens it again). */
  async closeTarget(): Promise<void> {
    const old = this.targetRepo;
    this.targetRepo = null;
    await old?.close();
  }

  /** Closes the target and opens it again with other adapter options. */
  async reopenTarget(options: Record<string, unknown>): Promise<SessionRepository> {
    await this.closeTarget();
    return this.target(options);
  }

  async record(): Promise<MigrationRecord> {
    return requireMigrationRecord(await this.target());
  }

  /** The legacy location: --legacy, else the one recorded by init. */
  legacySpec(record?: MigrationRecord | null): LegacySpec {
    const value = this.options.legacy ?? record?.legacy ?? undefined;
    if (!value) {
      throw usageError(
        "no legacy location given",
        "pass --legacy json:<directory> or module:<file.mjs>",
      );
    }
    return parseLegacySpec(value);
  }

  async legacySource(
    record?: MigrationRecord | null,
  ): Promise<{ source: SessionSource; repository: SessionRepository | null; spec: LegacySpec }> {
    const spec = this.legacySpec(record);
    const opened = await openLegacySource(spec);
    this.closers.push(async () => {
      if (opened.repository) await opened.repository.close();
      else await opened.source.close?.();
    });
    return { ...opened, spec };
  }

  async legacyRepository(spec: LegacySpec, create = false): Promise<SessionRepository> {
    const repo = await openLegacyRepository(spec, create);
    this.closers.push(() => repo.close());
    return repo;
  }

  /** Takes the single-instance lock for the rest of the command (not in --dry-run). */
  async lock(): Promise<void> {
    if (this.dryRun) return;
    // The lock lives next to a local target: never create its directory for a missing target.
    if (!this.createsTarget) assertTargetExists(this.targetUrl());
    const file = this.options.lockFile ?? defaultLockFile(this.targetUrl());
    const release = await acquireLock(file, (error) => {
      this.out.warn(`the migration lock was compromised (${error.message}); stopping`);
      this.controller.abort();
    });
    this.releaseLock = release;
  }

  /**
   * Waits until every running phased repository has re-read the phase written at `since`
   * (twice their refresh interval, plus a margin).
   */
  async settle(since: number, what: string): Promise<void> {
    const wait = since + this.refreshMs * 2 + 500 - Date.now();
    if (wait <= 0) return;
    this.out.note(`waiting ${Math.ceil(wait / 1000)}s for running applications to see ${what}…`);
    await sleep(wait, this.signal);
  }

  async close(): Promise<void> {
    for (const close of this.closers.reverse()) {
      try {
        await close();
      } catch {
        // closing is best effort
      }
    }
    this.closers.length = 0;
    const release = this.releaseLock;
    this.releaseLock = null;
    try {
      await release?.();
    } catch {
      // already released or compromised
    }
  }
}
