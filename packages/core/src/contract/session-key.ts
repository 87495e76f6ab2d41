/**
 * Addresses one session. A read with the wrong `userId` or `appName` finds nothing
 * (tenant isolation). Ids are taken verbatim: no trimming, no case or Unicode folding.
 */
export interface SessionKey {
  readonly appName: string;
  readonly userId: string;
  readonly sessionId: string;
}

/** Addresses the state shared by every session of one user in one app. */
export interface UserScope {
  readonly appName: string;
  readonly userId: string;
}

/** Addresses the state shared by every user of one app. */
export interface AppScope {
  readonly appName: string;
}

/** A session key whose `sessionId` may be omitted, to have the store generate one. */
export interface NewSessionKey {
  readonly appName: string;
  readonly userId: string;
  readonly sessionId?: string;
}
