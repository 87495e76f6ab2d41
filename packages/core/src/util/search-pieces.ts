import {
  asciiTerms,
  segmentedTerms,
  spacedOnly,
  spacedTerms,
  type TermSink,
} from "./search-terms.js";

/**
 * A run of ASCII spaces is a word boundary on both sides whatever the segmenter's dictionaries
 * (UAX #29 breaks around whitespace; WB3d keeps the run whole), unless the character after it
 * attaches to it (WB4: marks, format characters, ZWJ, emoji modifiers; grapheme SpacingMarks
 * such as Thai sara am and the half-width voiced marks; other whitespace) or the character
 * before it joins it (a grapheme Prepend, other whitespace) — lists found by testing every code
 * point with `Intl.Segmenter`, both granularities. Between such runs each piece has the same
 * terms and offsets alone as inside the whole text, so only the pieces that need it go through
 * the segmenter, all of them in one call, joined by single spaces (a boundary of the same kind).
 */
const SPACE_RUN = / +/g;
const ATTACHES =
  /^[\p{M}\p{Cf}\p{Emoji_Modifier}\u0E33\u0EB3\uFF9E\uFF9F\u1680\u2000-\u200A\u205F\u3000]/u;
const JOINS_NEXT =
  /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E\u{110BD}\u{110CD}\u{111C2}\u{111C3}\u{113D1}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}\u1680\u2000-\u200A\u205F\u3000]$/u;

/** How a region of the text is tokenized. */
enum Kind {
  Ascii,
  Spaced,
  Segmented,
}

/** A region of a text between certain boundaries: one piece needing the segmenter, or a run of pieces that do not. */
interface Region {
  from: number;
  to: number;
  kind: Kind;
  /** Where it starts in the text given to the segmenter (segmented regions). */
  joinedAt: number;
}

/** Collects terms with their offsets in parallel arrays (no object per term). */
class TermBuffer implements TermSink {
  readonly terms: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  add(term: string, start: number, end: number): void {
    this.terms.push(term);
    this.starts.push(start);
    this.ends.push(end);
  }
}

const NON_ASCII = /[^\u0000-\u007f]/g;

/** Whether the space run at [`at`, `after`) of `text` is a certain boundary (see {@link SPACE_RUN}). */
function certainBoundary(text: string, at: number, after: number): boolean {
  if (after < text.length && text.charCodeAt(after) > 0x7f) {
    if (ATTACHES.test(text.slice(after, after + 2))) return false;
  }
  if (at > 0 && text.charCodeAt(at - 1) > 0x7f) {
    if (JOINS_NEXT.test(text.slice(Math.max(0, at - 2), at))) return false;
  }
  return true;
}

/**
 * The regions of `text`: its pieces between certain boundaries, those that take a shortcut
 * (ASCII, or {@link spacedOnly}) merged with their neighbours of the same kind, since a run of
 * such pieces takes the same shortcut whole.
 */
function regionsOf(text: string): Region[] {
  const regions: Region[] = [];
  NON_ASCII.lastIndex = 0;
  let nonAscii = NON_ASCII.exec(text)?.index ?? text.length;
  let from = 0;
  const piece = (to: number) => {
    if (to <= from) return;
    let kind = Kind.Ascii;
    if (nonAscii < to) {
      kind = spacedOnly(text.slice(from, to)) ? Kind.Spaced : Kind.Segmented;
      NON_ASCII.lastIndex = to;
      nonAscii = NON_ASCII.exec(text)?.index ?? text.length;
    }
    const last = regions[regions.length - 1];
    if (last && kind !== Kind.Segmented && last.kind !== Kind.Segmented) {
      last.to = to;
      if (kind === Kind.Spaced) last.kind = Kind.Spaced;
    } else {
      regions.push({ from, to, kind, joinedAt: -1 });
    }
  };
  for (const m of text.matchAll(SPACE_RUN)) {
    const after = m.index + m[0].length;
    if (!certainBoundary(text, m.index, after)) continue;
    piece(m.index);
    from = after;
  }
  piece(text.length);
  return regions;
}

/**
 * The terms of any text, exactly as {@link segmentedTerms} gives them, with the segmenter run
 * once over only the pieces that need it (the rest take the ASCII and spaced shortcuts).
 */
export function piecewiseTerms(text: string, sink: TermSink): void {
  const regions = regionsOf(text);
  let joined = "";
  for (const region of regions) {
    if (region.kind !== Kind.Segmented) continue;
    if (joined.length > 0) joined += " ";
    region.joinedAt = joined.length;
    joined += text.slice(region.from, region.to);
  }
  const segmented = new TermBuffer();
  if (joined.length > 0) segmentedTerms(joined, 0, segmented);
  let next = 0;
  for (const region of regions) {
    if (region.kind === Kind.Ascii)
      asciiTerms(text.slice(region.from, region.to), region.from, sink);
    else if (region.kind === Kind.Spaced) {
      spacedTerms(text.slice(region.from, region.to), region.from, sink);
    } else {
      const end = region.joinedAt + (region.to - region.from);
      const shift = region.from - region.joinedAt;
      for (; next < segmented.terms.length && (segmented.starts[next] as number) < end; next++) {
        const term = segmented.terms[next] as string;
        sink.add(
          term,
          (segmented.starts[next] as number) + shift,
          (segmented.ends[next] as number) + shift,
        );
      }
    }
  }
}
