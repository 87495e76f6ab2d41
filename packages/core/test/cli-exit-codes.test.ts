import { readFileSync } from "node:fs";
import { ErrorCode, SessionKitError } from "@sessionkit/core";
import {
  CliError,
  CliErrorCode,
  describeError,
  ExitCode,
  exitCodeFor,
  exitCodesHelp,
  problemText,
  readPackageVersion,
  reportError,
  usageErrorOutput,
} from "@sessionkit/core/cli";
import { describe, expect, it } from "vitest";

/** Collects what a report writes. */
function sink(): { write(text: string): void; text(): string } {
  let out = "";
  return {
    write: (text) => {
      out += text;
    },
    text: () => out,
  };
}

const notFound = new SessionKitError({
  adapter: "sqlite",
  operation: "open",
  subject: "/tmp/x.db",
  code: "NOT_FOUND",
  problem: "no such database",
  cause: new Error("ENOENT: the driver's error"),
});

describe("the one exit-code table of both CLIs", () => {
  it("gives every name its own number, keeps 2 = USAGE and 130 = INTERRUPTED", () => {
    const numbers = Object.values(ExitCode);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(ExitCode).toMatchObject({ OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 });
  });

  it("maps every sessionkit error code and every CLI error code to an exit code", () => {
    const valid = new Set<number>(Object.values(ExitCode));
    for (const code of [...Object.values(ErrorCode), ...Object.values(CliErrorCode)]) {
      expect(valid.has(exitCodeFor(code)), code).toBe(true);
      expect(exitCodeFor(code), code).not.toBe(ExitCode.OK);
    }
    expect(exitCodeFor("NOT_FOUND")).toBe(ExitCode.NOT_FOUND);
    expect(exitCodeFor("INVALID_ARGUMENT")).toBe(ExitCode.USAGE);
    expect(exitCodeFor("CORRUPT")).toBe(ExitCode.INTEGRITY);
    expect(exitCodeFor("BUSY")).toBe(ExitCode.LOCKED);
    expect(exitCodeFor("IO")).toBe(ExitCode.FAILED);
  });

  it("is the table of docs/exit-codes.md, row for row", () => {
    const doc = readFileSync(new URL("../../../docs/exit-codes.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| (\d+)\s+\| `([A-Z_]+)`/gm)].map((m) => [m[2], Number(m[1])]);
    expect(Object.fromEntries(rows)).toEqual(ExitCode);
  });

  it("lists every exit code in the --help lines", () => {
    const help = exitCodesHelp();
    for (const code of Object.values(ExitCode)) expect(help).toMatch(new RegExp(`\\b${code} `));
    expect(help.startsWith("Exit codes: ")).toBe(true);
    for (const line of help.split("\n")) expect(line.length).toBeLessThanOrEqual(96);
  });
});

describe("error reports", () => {
  it("a CliError reports `problem (CODE); remedy` with the exit code of its code", () => {
    const report = describeError(
      new CliError("REFUSED", "wrong phase", "cut over first", { a: 1 }),
    );
    expect(report).toEqual({
      code: "REFUSED",
      message: "wrong phase (REFUSED); cut over first",
      remedy: "cut over first",
      exitCode: ExitCode.REFUSED,
      details: { a: 1 },
    });
  });

  it("a SessionKitError keeps its message, code and remedy", () => {
    expect(describeError(notFound)).toEqual({
      code: "NOT_FOUND",
      message: notFound.message,
      remedy: notFound.remedy,
      exitCode: ExitCode.NOT_FOUND,
    });
    expect(problemText(notFound)).toBe("[sqlite] open /tmp/x.db: no such database");
  });

  it("anything else is INTERNAL, exit 1, pointing at --debug", () => {
    const report = describeError(new TypeError("x is undefined"));
    expect(report).toMatchObject({ code: "INTERNAL", exitCode: ExitCode.FAILED });
    expect(report.message).toContain("x is undefined");
    expect(report.remedy).toContain("--debug");
  });

  it("--json writes one JSON line { error: { code, message, remedy, exitCode } }", () => {
    const out = sink();
    const code = reportError(notFound, { json: true, debug: false, stream: out });
    expect(code).toBe(ExitCode.NOT_FOUND);
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      error: { code: "NOT_FOUND", message: notFound.message, remedy: notFound.remedy, exitCode: 3 },
    });
  });

  it("without --json writes `error: <message>`; --debug adds the stack and the cause chain", () => {
    const plain = sink();
    reportError(notFound, { json: false, debug: false, stream: plain });
    expect(plain.text()).toBe(`error: ${notFound.message}\n`);
    const debug = sink();
    reportError(notFound, { json: false, debug: true, stream: debug });
    expect(debug.text()).toMatch(/\n\s+at /);
    expect(debug.text()).toContain("[cause]");
    expect(debug.text()).toContain("the driver's error");
  });

  it("a commander parse error is a USAGE report on the stream commander gives", () => {
    const out = sink();
    usageErrorOutput({ json: true, debug: false })(
      "error: unknown option '--frob'\n(Did you mean --from?)\n",
      out.write,
    );
    expect(JSON.parse(out.text())).toEqual({
      error: {
        code: "USAGE",
        message:
          "unknown option '--frob' (Did you mean --from?) (USAGE); run with --help for usage",
        remedy: "run with --help for usage",
        exitCode: 2,
      },
    });
  });

  it("reads a package version, or says unknown", () => {
    expect(readPackageVersion(new URL("../package.json", import.meta.url))).toMatch(/^\d+\.\d+/);
    expect(readPackageVersion(new URL("./no-such.json", import.meta.url))).toBe("unknown");
  });
});
