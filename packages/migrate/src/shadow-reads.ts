import type { JsonObject, JsonValue, SessionRepository } from "@sessionkit/core";
import { canonicalJson } from "@sessionkit/core/adapter-kit";
import { SHADOW_PREFIX, uniqueSuffix } from "./meta-names.js";
import { firstDifference, jsonHash } from "./session-hash.js";

/** One read whose target result differed from the legacy (control) result. */
export interface ShadowMismatch {
  operation: string;
  /** The read's arguments (key, options). */
  args: JsonValue;
  at: number;
  /** First path at which the results differ, e.g. `events[3].timestamp` or `(root)`. */
  path: string;
  legacyHash: string;
  targetHash: string;
  /** Compact excerpts of both results at that path (truncated to 2,000 characters). */
  legacyExcerpt: string;
  targetExcerpt: string;
  /** Set when the target read threw instead of returning. */
  targetError?: string;
}

/**
 * Counters of one process's shadow reads since it started (not persisted). A comparison counts
 * in `compared` when it starts and in one of `matched` / `mismatched` when it ends (in neither
 * when the comparison itself failed, e.g. the legacy re-read threw).
 */
export interface ShadowStats {
  /** Comparisons started (sampled reads). */
  compared: number;
  /** Comparisons whose results were equal, at once or on the re-check. */
  matched: number;
  /** Comparisons still different after the re-check (target errors included). */
  mismatched: number;
  /** Of the mismatched, those where the target read threw. */
  errors: number;
}

export interface ShadowReadOptions {
  /** Fraction of reads compared, 0 to 1. */
  rate: number;
  /** Where mismatches are recorded (target meta) unless `recordInTarget` is false. */
  target: SessionRepository;
  recordInTarget: boolean;
  /** Mismatch records written by this process at most; later ones only count. Default 1,000. */
  maxRecords: number;
  onMismatch?: (mismatch: ShadowMismatch) => void;
  onWarning: (message: string, error?: unknown) => void;
  random: () => number;
  now: () => number;
}

function excerpt(value: unknown, path: string): string {
  let v: unknown = value;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (v === null || typeof v !== "object") break;
    v = (v as Record<string, unknown>)[part];
  }
  const text = v === undefined ? "undefined" : canonicalJson(v as JsonValue);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/**
 * Scientist-style shadow reads for dual-write: the caller always gets the legacy (control)
 * result; for a sampled fraction of reads the same read runs against the target in the
 * background and the two results are compared through canonical JSON. A difference is
 * re-checked once (a concurrent write may have been mid-mirror) before it is recorded.
 */
export class ShadowReads {
  readonly stats: ShadowStats = { compared: 0, matched: 0, mismatched: 0, errors: 0 };
  private readonly pending = new Set<Promise<void>>();
  private recorded = 0;

  constructor(private readonly options: ShadowReadOptions) {}

  get enabled(): boolean {
    return this.options.rate > 0;
  }

  sampled(): boolean {
    return this.options.rate > 0 && this.options.random() < this.options.rate;
  }

  /** Starts a comparison in the background; `flush()` awaits every started one. */
  compare(
    operation: string,
    args: JsonValue,
    control: unknown,
    controlRead: () => Promise<unknown>,
    candidateRead: () => Promise<unknown>,
  ): void {
    const run = this.run(operation, args, control, controlRead, candidateRead).catch((error) => {
      this.options.onWarning("shadow read comparison failed", error);
    });
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async run(
    operation: string,
    args: JsonValue,
    control: unknown,
    controlRead: () => Promise<unknown>,
    candidateRead: () => Promise<unknown>,
  ): Promise<void> {
    this.stats.compared++;
    let legacy = control;
    let attempt = await this.attempt(legacy, candidateRead);
    if (attempt.equal) {
      this.stats.matched++;
      return;
    }
    // Re-check once: the difference may be a write still being mirrored.
    await new Promise((r) => setTimeout(r, 50));
    legacy = normalize(await controlRead());
    attempt = await this.attempt(legacy, candidateRead);
    if (attempt.equal) {
      this.stats.matched++;
      return;
    }
    if (attempt.error !== undefined) this.stats.errors++;
    this.stats.mismatched++;
    const l = normalize(legacy);
    const t = attempt.value;
    const path = attempt.error !== undefined ? "(error)" : (firstDifference(l, t) ?? "(root)");
    const mismatch: ShadowMismatch = {
      operation,
      args,
      at: this.options.now(),
      path,
      legacyHash: jsonHash((l ?? null) as JsonValue),
      targetHash: jsonHash((t ?? null) as JsonValue),
      legacyExcerpt: excerpt(l, path),
      targetExcerpt: excerpt(t, path),
      ...(attempt.error !== undefined ? { targetError: attempt.error } : {}),
    };
    this.options.onMismatch?.(mismatch);
    if (!this.options.recordInTarget || this.recorded >= this.options.maxRecords) return;
    this.recorded++;
    try {
      await this.options.target.setMeta(
        `${SHADOW_PREFIX}${uniqueSuffix(mismatch.at)}`,
        mismatch as unknown as JsonObject,
      );
    } catch (error) {
      this.options.onWarning("could not record a shadow-read mismatch in the target", error);
    }
  }

  private async attempt(
    control: unknown,
    candidateRead: () => Promise<unknown>,
  ): Promise<{ equal: boolean; value?: unknown; error?: string }> {
    try {
      const value = normalize(await candidateRead());
      return { equal: canonical(normalize(control)) === canonical(value), value };
    } catch (error) {
      return { equal: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** Drops `undefined` fields so absent-vs-undefined never counts as a difference. */
function normalize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function canonical(value: unknown): string {
  return value === undefined ? "undefined" : canonicalJson(value as JsonValue);
}
