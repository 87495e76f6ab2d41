import { SessionKitError } from "@sessionkit/core";

/** Where a schema problem was found: the adapter and the database (path or URL). */
export interface SchemaContext {
  adapter: string;
  /** The database file or URL, named in every message. */
  location: string;
}

export function schemaError(ctx: SchemaContext, problem: string, remedy?: string): SessionKitError {
  return new SessionKitError({
    code: "SCHEMA",
    adapter: ctx.adapter,
    operation: "open",
    subject: ctx.location,
    problem,
    remedy,
  });
}
