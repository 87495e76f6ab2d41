import { createHash } from "node:crypto";
import type { Migration } from "./migrations.js";

/**
 * The checksum recorded for an applied migration: SHA-256 of its SQL with line endings
 * normalized, hex. An applied migration whose recorded checksum differs was edited → SCHEMA.
 */
export function migrationChecksum(migration: Pick<Migration, "sql">): string {
  return createHash("sha256").update(migration.sql.replace(/\r\n/g, "\n")).digest("hex");
}
