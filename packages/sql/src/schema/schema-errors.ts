import { SessionKitError } from "@sessionkit/core";

/** Where a schema problem was found: the adapter and the database (path or URL). */
export interface SchemaContext {
  adapter: string;
  /** The database file or URL, named in every message. */
  location: string;
}

/**
 * Builds (does not throw) a {@link SessionKitError} with code `SCHEMA` and operation `open` for
 * the database in `ctx`: `problem` says what is wrong, `remedy` (optional) what to do about it.
 */
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
