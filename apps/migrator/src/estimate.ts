import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionSnapshot } from "@sessionkit/core";
import { backfill, type SessionSource } from "@sessionkit/migrate";
import { fullTextOption, openTarget } from "./stores.js";

/** What `backfill` does with its default options in the phase the migration will run it. */
export interface BackfillDefaults {
  /** "deferred": built once after the copy (the default); "per-row"; "off" (--skip-fulltext). */
  fullText: "deferred" | "per-row" | "off";
  /** The re-check mode: "full" in dual-write (the default), "none" offline (foundation). */
  recheck: "full" | "keys" | "none";
  batchSize: number;
  batchEvents: number;
}

/** `sessionkit-migrate backfill`'s defaults in dual-write (the documented path). */
export const BACKFILL_DEFAULTS: BackfillDefaults = {
  fullText: "deferred",
  recheck: "full",
  batchSize: 200,
  batchEvents: 10_000,
};

/** A backfill estimate measured by copying a sample of the legacy store with the defaults. */
export interface BackfillEstimate {
  method: "measured-sample";
  defaults: BackfillDefaults;
  sampleSessions: number;
  sampleEvents: number;
  /** Copy and index time of the sample, seconds. */
  copySeconds: number;
  indexSeconds: number;
  /** Sample events per second, index build included. */
  eventsPerSecond: number;
  /** The whole store at that rate, seconds (at least 1). */
  backfillSeconds: number;
  /** Where the sample went: a temporary local database of the target's kind. */
  sampleTarget: "sqlite" | "libsql";
}

/** The first sessions of a source, up to `maxEvents` events (at least one session). */
function sampleOf(source: SessionSource, maxEvents: number): SessionSource {
  return {
    name: `${source.name} (sample)`,
    ...(source.read ? { read: source.read.bind(source) } : {}),
    async *sessions(): AsyncIterable<SessionSnapshot> {
      let events = 0;
      for await (const s of source.sessions()) {
        yield s;
        events += s.events.length;
        if (events >= maxEvents) return;
      }
    },
  };
}

/**
 * Estimates the backfill by measuring it: copies the first sessions of `source` (up to
 * `maxEvents` events) into a temporary database of the target's kind with the default options,
 * builds the full-text index when the defaults defer it, and scales the measured rate to
 * `totalEvents`. The temporary database is removed afterwards; the real target is not touched.
 */
export async function measureBackfill(
  source: SessionSource,
  totalEvents: number,
  defaults: BackfillDefaults,
  targetUrl: string | null,
  maxEvents = 20_000,
): Promise<BackfillEstimate> {
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-plan-"));
  const kind = targetUrl && !/^sqlite:/i.test(targetUrl) ? "libsql" : "sqlite";
  const url = `${kind === "libsql" ? "file" : "sqlite"}:${join(dir, "sample.db")}`;
  try {
    const target = await openTarget(url, fullTextOption(url, defaults.fullText === "per-row"));
    let copy: Awaited<ReturnType<typeof backfill>>;
    try {
      copy = await backfill({
        source: sampleOf(source, maxEvents),
        target,
        batchSize: defaults.batchSize,
        batchEvents: defaults.batchEvents,
        recheck: defaults.recheck,
      });
    } finally {
      await target.close();
    }
    let indexSeconds = 0;
    if (defaults.fullText === "deferred") {
      const started = performance.now();
      const indexed = await openTarget(url, fullTextOption(url, true));
      await indexed.health();
      await indexed.close();
      indexSeconds = (performance.now() - started) / 1000;
    }
    const copySeconds = copy.durationMs / 1000;
    const seconds = copySeconds + indexSeconds;
    const eventsPerSecond = seconds > 0 ? copy.events / seconds : 0;
    return {
      method: "measured-sample",
      defaults,
      sampleSessions: copy.sessions,
      sampleEvents: copy.events,
      copySeconds,
      indexSeconds,
      eventsPerSecond,
      backfillSeconds: Math.max(
        1,
        Math.ceil(eventsPerSecond > 0 ? totalEvents / eventsPerSecond : 0),
      ),
      sampleTarget: kind,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
