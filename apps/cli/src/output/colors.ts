import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colours for one output stream: only when it is a terminal, never when NO_COLOR is set
 * (https://no-color.org), TERM is "dumb", or the caller turned them off (--no-color, --json).
 */
export function colorsFor(stream: NodeJS.WriteStream, allowed: boolean): Colors {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  const enabled = allowed && stream.isTTY === true && !noColor && process.env.TERM !== "dumb";
  return pc.createColors(enabled);
}
