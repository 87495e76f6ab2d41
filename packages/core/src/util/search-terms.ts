// The term extraction of search (see search-tokens.ts for the rules): each function finds the
// terms of a text and hands them, in text order, to a TermSink with their offsets.

/** Receives terms in text order, with where they stand (UTF-16 offsets). */
export interface TermSink {
  add(term: string, start: number, end: number): void;
}

const words = new Intl.Segmenter("und", { granularity: "word" });
const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });
export const ASCII = /^[\u0000-\u007f]*$/;
const ASCII_RUN = /[A-Za-z0-9]+/g;
const RUN = /[\p{L}\p{N}\p{M}]+/gu;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const VARIATION_SELECTORS = /[\uFE0E\uFE0F]/g;
const FOLDED_SCRIPTS = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const FOLDED_MARKS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;
const SPECIAL = /[ßςı]/g;
const SPECIAL_FOLDS: Record<string, string> = { ß: "ss", ς: "σ", ı: "i" };

/** Folds one term (step 3 of the rules). */
function fold(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  let w = word.toLowerCase().replace(SPECIAL, (c) => SPECIAL_FOLDS[c] as string);
  if (FOLDED_SCRIPTS.test(w)) w = w.normalize("NFD").replace(FOLDED_MARKS, "$1");
  return w.normalize("NFC");
}

/**
 * The NFKC form of `text`, with, for each of its offsets, the original offsets where the
 * grapheme cluster holding it starts and ends; null maps when NFKC changes nothing.
 */
function normalizeWithMap(text: string): { norm: string; starts: number[]; ends: number[] } | null {
  if (text.normalize("NFKC") === text) return null;
  let norm = "";
  const starts: number[] = [];
  const ends: number[] = [];
  for (const g of graphemes.segment(text)) {
    const n = g.segment.normalize("NFKC");
    const end = g.index + g.segment.length;
    for (let k = 0; k < n.length; k++) {
      starts.push(g.index);
      ends.push(end);
    }
    norm += n;
  }
  return { norm, starts, ends };
}

/**
 * Text where word segmentation cannot split a run of letters, digits and marks: letters that
 * UAX #29 joins to each other and to digits (ALetter, Hebrew_Letter: Latin, Greek, Cyrillic,
 * Arabic, Hebrew, the Indic scripts, Armenian, Georgian, Ethiopic, …), decimal digits, marks
 * following a letter or mark, punctuation, spaces and non-pictographic symbols, and nothing NFKC
 * would change. Excluded ({@link SEGMENTED_LETTERS}): the scripts the segmenter splits by
 * dictionary or letter by letter — Han, Hiragana, Katakana, Hangul syllables, the Southeast
 * Asian scripts written without spaces (Thai, Lao, Khmer, Myanmar, Tai scripts, Ahom), Tangut,
 * Khitan, Nüshu — and the few Common letters that join Katakana (found by testing every letter
 * and mark with `Intl.Segmenter`). There the terms are the folded runs of `[\p{L}\p{Nd}\p{M}]`,
 * exactly what `Intl.Segmenter` gives, at a fraction of its cost (test/search-tokens.test.ts
 * compares both).
 */
const SEGMENTED_LETTERS =
  "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Bopomofo}" +
  "\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\p{Script=Tai_Le}" +
  "\\p{Script=New_Tai_Lue}\\p{Script=Tai_Tham}\\p{Script=Tai_Viet}\\p{Script=Ahom}" +
  "\\p{Script=Tangut}\\p{Script=Khitan_Small_Script}\\p{Script=Nushu}" +
  "\\u3005\\u3006\\u3031-\\u3035\\u303B\\u30FC\\uFF70\\uFF9E\\uFF9F\\u{18D80}-\\u{18DFF}";
const SPACED_ONLY = new RegExp(
  `^(?:(?![${SEGMENTED_LETTERS}])[\\p{L}\\p{Nd}\\p{M}\\p{P}\\p{Z}\\s\\p{Sm}\\p{Sc}\\p{Sk}])*$`,
  "u",
);
const STRAY_MARK = /(?:^|[^\p{L}\p{M}])\p{M}/u;
const SPACED_RUN = /[\p{L}\p{Nd}\p{M}]+/gu;

/** Whether {@link spacedTerms} gives exactly the segmenter's terms for `text`. */
export function spacedOnly(text: string): boolean {
  return (
    SPACED_ONLY.test(text) &&
    !PICTOGRAPHIC.test(text) &&
    !STRAY_MARK.test(text) &&
    text.normalize("NFKC") === text
  );
}

/** The terms of pure-ASCII `text` (runs of letters and digits, lower-cased). */
export function asciiTerms(text: string, offset: number, sink: TermSink): void {
  for (const m of text.matchAll(ASCII_RUN)) {
    const start = offset + m.index;
    sink.add(m[0].toLowerCase(), start, start + m[0].length);
  }
}

/** The terms of a text for which {@link spacedOnly} holds. */
export function spacedTerms(text: string, offset: number, sink: TermSink): void {
  for (const m of text.matchAll(SPACED_RUN)) {
    const start = offset + m.index;
    sink.add(fold(m[0]), start, start + m[0].length);
  }
}

/** The terms of any text, through NFKC and `Intl.Segmenter` (the reference). */
export function segmentedTerms(text: string, offset: number, sink: TermSink): void {
  const mapped = normalizeWithMap(text);
  const norm = mapped ? mapped.norm : text;
  const startOf = (i: number) => offset + (mapped ? (mapped.starts[i] as number) : i);
  const endOf = (i: number) => offset + (mapped ? (mapped.ends[i - 1] as number) : i);
  for (const s of words.segment(norm)) {
    if (s.isWordLike) {
      for (const m of s.segment.matchAll(RUN)) {
        const at = s.index + m.index;
        sink.add(fold(m[0]), startOf(at), endOf(at + m[0].length));
      }
    } else if (PICTOGRAPHIC.test(s.segment)) {
      const term = s.segment.replace(VARIATION_SELECTORS, "");
      sink.add(term, startOf(s.index), endOf(s.index + s.segment.length));
    }
  }
}
