import type { Command } from "commander";
import { type Colors, colorsFor } from "../output/colors.js";

/** The options every command accepts (declared once on the program). */
export interface GlobalOptions {
  db?: string;
  json?: boolean;
  debug?: boolean;
  color?: boolean;
}

/** What a command needs besides its own arguments: where to write and how. */
export interface CliContext {
  /** The store URL from --db or SESSIONKIT_URL, if any. */
  readonly dbUrl: string | undefined;
  /** Machine output: one JSON document on stdout (NDJSON for streams), no colours, no progress. */
  readonly json: boolean;
  readonly debug: boolean;
  /** Colours for stdout. */
  readonly colors: Colors;
  /** Colours for stderr. */
  readonly errColors: Colors;
  /** Progress bars only on an interactive stderr and never with --json. */
  readonly showProgress: boolean;
  /** Writes a line of human output to stdout. */
  print(text: string): void;
  /** Writes `value` as JSON to stdout (`compact` for NDJSON lines). */
  printJson(value: unknown, compact?: boolean): void;
  /** Writes a note to stderr (hints, warnings); suppressed with --json. */
  note(text: string): void;
}

/** Builds the context from the options of `command` and its parents. */
export function contextOf(command: Command): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const json = options.json === true;
  const colorAllowed = options.color !== false && !json;
  const dbUrl = nonEmpty(options.db) ?? nonEmpty(process.env.SESSIONKIT_URL);
  return {
    dbUrl,
    json,
    debug: options.debug === true,
    colors: colorsFor(process.stdout, colorAllowed),
    errColors: colorsFor(process.stderr, colorAllowed),
    showProgress: !json && process.stderr.isTTY === true,
    print: (text) => {
      process.stdout.write(`${text}\n`);
    },
    printJson: (value, compact = false) => {
      process.stdout.write(`${JSON.stringify(value, null, compact ? undefined : 2)}\n`);
    },
    note: (text) => {
      if (!json) process.stderr.write(`${text}\n`);
    },
  };
}

/** An environment value, or undefined when unset or empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
