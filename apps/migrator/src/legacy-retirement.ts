import { existsSync } from "node:fs";
import { join } from "node:path";
import { isSessionKitError } from "@sessionkit/core";
import { CliError, problemText } from "@sessionkit/core/cli";
import {
  RETIRED_FILE,
  readStoreRetirement,
  reinstateJsonStore,
  retireJsonStore,
  type StoreRetirement,
} from "@sessionkit/json-file-store";
import type { Phase } from "@sessionkit/migrate";
import type { Output } from "./output.js";
import type { LegacySpec } from "./stores.js";
import { targetFile } from "./stores.js";

/** A legacy JSON root, as `finalize`, `rollback` and `status` see it. */
type JsonLegacy = Extract<LegacySpec, { kind: "json" }>;

/** What `status` reports about the legacy root's retirement. */
export interface LegacyRetirementStatus {
  root: string;
  /** The marker file that retires the root (`<root>/sessionkit-retired.json`). */
  file: string;
  retired: boolean;
  /** The store that replaced the legacy root (only when retired). */
  successor?: string;
  /** When it was retired, ISO 8601 (only when retired). */
  retiredAt?: string;
  /** Why the marker could not be read (a damaged marker keeps the store retired). */
  problem?: string;
}

/**
 * How the target is named in the retired root's marker: a local database as an absolute URL
 * (usable as `--db` from any directory), a remote one without credentials.
 */
export function successorName(targetUrl: string): string {
  const file = targetFile(targetUrl);
  if (file !== null) return `${/^file:/i.test(targetUrl) ? "file" : "sqlite"}:${file}`;
  return targetUrl
    .replace(/\/\/[^@/]*@/, "//***@")
    .replace(/([?&](?:authToken|token|password)=)[^&]*/gi, "$1***");
}

function failed(spec: JsonLegacy, operation: string, error: unknown, remedy: string): CliError {
  const problem = isSessionKitError(error)
    ? problemText(error)
    : error instanceof Error
      ? error.message
      : String(error);
  return new CliError(
    isSessionKitError(error) ? error.code : "FAILED",
    `[json] ${operation} ${join(spec.root, RETIRED_FILE)}: ${problem}`,
    remedy,
  );
}

/**
 * Retires the legacy root in favour of the target: from then on every write into it (any
 * process, through the JSON store) fails with RETIRED naming the target. Idempotent.
 * @returns the retirement, or null when the legacy root no longer exists.
 * @throws CliError naming the marker file, when it cannot be written (exit 1, or the exit code
 *   of the store error it wraps).
 */
export async function retireLegacy(
  spec: JsonLegacy,
  targetUrl: string,
): Promise<StoreRetirement | null> {
  if (!existsSync(spec.root)) return null;
  try {
    const current = await readStoreRetirement(spec.root);
    const successor = successorName(targetUrl);
    if (current?.successor === successor) return current;
    return await retireJsonStore(spec.root, { successor });
  } catch (error) {
    throw failed(
      spec,
      "retire legacy root",
      error,
      "the migration is finalized (target-only) but the legacy root is still writable: fix the cause, then run `sessionkit-migrate finalize` again (it only retires the root)",
    );
  }
}

/**
 * Makes a retired legacy root writable again (the first step of a rollback that writes to it).
 * @returns whether it was retired.
 * @throws CliError naming the marker file, when it cannot be removed (exit 1, or the exit code
 *   of the store error it wraps); nothing else was changed then.
 */
export async function reinstateLegacy(spec: JsonLegacy): Promise<boolean> {
  try {
    if ((await readStoreRetirement(spec.root)) === null) return false;
    return await reinstateJsonStore(spec.root);
  } catch (error) {
    throw failed(
      spec,
      "reinstate legacy root",
      error,
      `nothing was rolled back; fix the cause (or remove ${RETIRED_FILE} by hand), then run the rollback again`,
    );
  }
}

/** Reads the legacy root's retirement for `status`; a damaged marker is reported, not thrown. */
export async function legacyRetirementStatus(spec: JsonLegacy): Promise<LegacyRetirementStatus> {
  const base = { root: spec.root, file: join(spec.root, RETIRED_FILE) };
  try {
    const r = await readStoreRetirement(spec.root);
    if (r === null) return { ...base, retired: false };
    return {
      ...base,
      retired: true,
      successor: r.successor,
      retiredAt: new Date(r.retiredAt).toISOString(),
    };
  } catch (error) {
    return {
      ...base,
      retired: true,
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Tells the operator what state a rollback left when it failed after reinstating the legacy
 * root (stderr): the root is writable again, and `phase` is what the migration record says now.
 */
export function warnReinstatedHalfWay(out: Output, legacyUrl: string, phase: Phase): void {
  out.warn(
    phase === "target-only"
      ? `rollback stopped after reinstating the legacy root ${legacyUrl} (writable again); the migration is still in target-only and nothing writes into the root: run \`sessionkit-migrate rollback --export\` again to finish, or \`sessionkit-migrate finalize\` to retire the root again`
      : `rollback stopped half-way: the legacy root ${legacyUrl} is writable again and the migration is in ${phase} with legacy backup writes on, but the legacy copy is incomplete until an export verifies: \`sessionkit-migrate export --to ${legacyUrl}\` completes it and stays in ${phase}; \`sessionkit-migrate rollback --export\` completes it and goes on back one phase`,
  );
}
