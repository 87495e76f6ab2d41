/** The command line of `pnpm bench`, parsed. */
export interface BenchOptions {
  mode: "full" | "quick" | "smoke";
  /** Sections to run: standard, concurrency (W6), scaling, backfill, suites. */
  only: Set<Section>;
  /** One suite of src/suites (with the suites section). */
  suite: string | undefined;
  rounds: number | undefined;
  write: boolean;
  json: boolean;
  /** Exit 1 when a target is missed. */
  assert: boolean;
}

export const SECTIONS = ["standard", "concurrency", "scaling", "backfill", "suites"] as const;
export type Section = (typeof SECTIONS)[number];

/** Parses argv (without node and script); throws on an unknown flag or section. */
export function parseOptions(args: readonly string[]): BenchOptions {
  const known = new Set([
    "--quick",
    "--smoke",
    "--only",
    "--suite",
    "--rounds",
    "--write",
    "--no-write",
    "--json",
    "--assert",
    "--no-assert",
    "--",
  ]);
  const flagValue = (flag: string) => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!known.has(a)) throw new Error(`unknown argument ${a}`);
    if (a === "--only" || a === "--suite" || a === "--rounds") i++;
  }
  const mode = args.includes("--smoke") ? "smoke" : args.includes("--quick") ? "quick" : "full";
  const suite = flagValue("--suite");
  const onlyText = flagValue("--only");
  let only: Set<Section>;
  if (onlyText !== undefined) {
    only = new Set();
    for (const s of onlyText.split(",")) {
      if (!(SECTIONS as readonly string[]).includes(s))
        throw new Error(`unknown section ${s}; known: ${SECTIONS.join(", ")}`);
      only.add(s as Section);
    }
  } else if (suite !== undefined) only = new Set(["suites"]);
  else only = new Set(SECTIONS);
  const roundsText = flagValue("--rounds");
  const rounds = roundsText === undefined ? undefined : Number(roundsText);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0))
    throw new Error("--rounds needs a positive integer");
  const write = args.includes("--no-write") ? false : args.includes("--write") || mode === "full";
  const assert = args.includes("--no-assert")
    ? false
    : args.includes("--assert") || mode === "full";
  return { mode, only, suite, rounds, write, json: args.includes("--json"), assert };
}
