import {
  asciiTerms,
  segmentedTerms,
  spacedOnly,
  spacedTerms,
  type TermSink,
} from "./search-terms.js";

/**
 * `Intl.Segmenter` costs some 4 µs per `segment()` call however short the text, plus about 1 µs
 * per segment (spaces included): most of the cost of tokenizing mixed-script text. So a text is
 * cut into pieces at certain boundaries, pieces that allow it take the shortcuts, and the
 * pieces that need the segmenter go through ONE call. (Not one call for many texts: the cost
 * per segment grows with the length of the text segmented.)
 *
 * A run of ASCII spaces is a word boundary on both sides whatever the segmenter's dictionaries
 * (UAX #29 breaks around whitespace; WB3d keeps the run whole), unless the character after it
 * attaches to it (WB4: marks, format characters, ZWJ, emoji modifiers; grapheme SpacingMarks
 * such as Thai sara am and the half-width voiced marks; other whitespace) or the character
 * before it joins it (a grapheme Prepend, other whitespace) — lists found by testing every code
 * point with `Intl.Segmenter`, both granularities. Between such runs each piece has the same
 * terms and offsets alone as inside the whole text.
 *
 * The pieces given to the segmenter are joined by line feeds: a boundary in every case (UAX #29
 * WB3a/WB3b and GB4/GB5 come before the rules that attach marks or prepends), and a starter
 * NFKC never composes with, so each piece's terms are those it has alone.
 */
const SPACE_RUN = / +/g;
const ATTACHES =
  /^[\p{M}\p{Cf}\p{Emoji_Modifier}\u0E33\u0EB3\uFF9E\uFF9F\u1680\u2000-\u200A\u205F\u3000]/u;
const JOINS_NEXT =
  /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E\u{110BD}\u{110CD}\u{111C2}\u{111C3}\u{113D1}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}\u1680\u2000-\u200A\u205F\u3000]$/u;
const NON_ASCII = /[^\u0000-\u007f]/g;
const JOINER = "\n";

/** How a region of a text is tokenized. */
enum Kind {
  Ascii,
  Spaced,
  /** Through the segmenter, in a joined text. */
  Segmented,
}

/** A region of a text: one piece needing the segmenter, or a run of pieces taking a shortcut. */
interface Region {
  from: number;
  to: number;
  kind: Kind;
  /** Where it starts in the joined text (joined regions). */
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

/** Whether the space run at [`at`, `after`) of `text` is a certain boundary (see above). */
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
 * (ASCII, or {@link spacedOnly} when the text is NFKC-`stable`) merged with their neighbours
 * that do too, since a run of such pieces takes the shortcut whole.
 */
function regionsOf(text: string, stable: boolean): Region[] {
  const regions: Region[] = [];
  NON_ASCII.lastIndex = 0;
  let nonAscii = NON_ASCII.exec(text)?.index ?? text.length;
  let from = 0;
  const piece = (to: number) => {
    if (to <= from) return;
    let kind = Kind.Ascii;
    if (nonAscii < to) {
      kind = stable && spacedOnly(text.slice(from, to)) ? Kind.Spaced : Kind.Segmented;
      NON_ASCII.lastIndex = to;
      nonAscii = NON_ASCII.exec(text)?.index ?? text.length;
    }
    const last = regions[regions.length - 1];
    if (last && kind <= Kind.Spaced && last.kind <= Kind.Spaced) {
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

/** The segmented regions of a text joined into one text, and the segmenter's terms of it. */
class JoinedText {
  private text = "";
  private readonly found = new TermBuffer();
  private next = 0;

  add(text: string, region: Region): void {
    if (this.text.length > 0) this.text += JOINER;
    region.joinedAt = this.text.length;
    this.text += text.slice(region.from, region.to);
  }

  segment(): void {
    if (this.text.length > 0) segmentedTerms(this.text, 0, this.found);
  }

  /** Hands `region`'s terms to `sink` (regions in the order they were added). */
  emit(region: Region, sink: TermSink): void {
    const end = region.joinedAt + (region.to - region.from);
    const shift = region.from - region.joinedAt;
    const { terms, starts, ends } = this.found;
    for (; this.next < terms.length && (starts[this.next] as number) < end; this.next++) {
      const i = this.next;
      sink.add(terms[i] as string, (starts[i] as number) + shift, (ends[i] as number) + shift);
    }
  }
}

/**
 * Hands the terms of `text` to `sink`, in text order, exactly as `segmentedTerms` gives them for
 * the whole text, with one segmenter call for the pieces that need it. In a text that NFKC
 * changes only ASCII pieces take a shortcut: the segmenter's offsets then snap to grapheme
 * clusters over the whole text (e.g. a word's end moves past an emoji modifier after it), which
 * the joined pieces reproduce. Texts that are ASCII or {@link spacedOnly} as a whole should take
 * those shortcuts before coming here.
 */
export function piecewiseTerms(text: string, sink: TermSink): void {
  const regions = regionsOf(text, text.normalize("NFKC") === text);
  const joined = new JoinedText();
  for (const region of regions) if (region.kind === Kind.Segmented) joined.add(text, region);
  joined.segment();
  for (const region of regions) {
    const { from, to } = region;
    if (region.kind === Kind.Ascii) asciiTerms(text.slice(from, to), from, sink);
    else if (region.kind === Kind.Spaced) spacedTerms(text.slice(from, to), from, sink);
    else joined.emit(region, sink);
  }
}
