/** The shapes the studio API returns (see src/api in the package); type-only imports. */
import type { SessionEvent, SessionKey } from "@sessionkit/core";

export type Key = SessionKey;
export type StoredEvent = SessionEvent;

export interface SessionRow {
  appName: string;
  userId: string;
  id: string;
  status: "active" | "expired";
  metadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  expiredAt: number | null;
  lastSeq: number;
  revision: number;
  stateKeys?: number;
}

export type Scoped = Record<string, unknown>;

export interface StoresInfo {
  stores: { name: string; capabilities: Record<string, unknown> }[];
  allowWrites: boolean;
}
