import pc from "picocolors";

/** Where a command writes: results on stdout (text or one JSON document), notes on stderr. */
export class Output {
  readonly colors: ReturnType<typeof pc.createColors>;

  constructor(
    readonly json: boolean,
    readonly quiet = false,
    readonly stdout: NodeJS.WriteStream = process.stdout,
    readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    this.colors = pc.createColors(!json && Boolean(stderr.isTTY) && !process.env.NO_COLOR);
  }

  /** A progress or status note for humans (stderr; silent with --json or --quiet). */
  note(text: string): void {
    if (!this.json && !this.quiet) this.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`${this.colors.yellow("warning:")} ${text}\n`);
  }

  /** The command's result: `value` as JSON with --json, otherwise `text()`. */
  result(value: unknown, text: () => string): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else this.stdout.write(`${text()}\n`);
  }
}
