import {
  bm25Idf,
  bm25Score,
  scanSnippet,
  searchIndexText,
  searchQueryTerms,
  searchTokens,
  searchWords,
} from "@sessionkit/core/adapter-kit";
import { describe, expect, it } from "vitest";
import { segmentedWords } from "../src/util/search-tokens.js";

describe("searchTokens", () => {
  it("folds case and Latin/Greek/Cyrillic accents, ß, final sigma and Turkish i", () => {
    expect(searchTokens("Café CRÈME Straße STRASSE")).toEqual([
      "cafe",
      "creme",
      "strasse",
      "strasse",
    ]);
    expect(searchTokens("ΟΔΟΣ οδός")).toEqual(["οδοσ", "οδοσ"]);
    expect(searchTokens("Ёлка ёлка")).toEqual(["елка", "елка"]);
    expect(searchTokens("İSTANBUL Istanbul ılık ILIK")).toEqual([
      "istanbul",
      "istanbul",
      "ilik",
      "ilik",
    ]);
  });

  it("keeps marks that are part of the letter (kana voicing, Devanagari, Hebrew, Arabic)", () => {
    expect(searchTokens("データベース")).toEqual(["データベース"]);
    expect(searchTokens("डेटाबेस")).toEqual(["डेटाबेस"]);
    expect(searchTokens("שָׁלוֹם")).toEqual(["שָׁלוֹם"]);
    expect(searchTokens("مُحَمَّد")).toEqual(["مُحَمَّد"]);
  });

  it("normalises full-width Latin and half-width katakana (NFKC)", () => {
    expect(searchTokens("ＤＡＴＡＢＡＳＥ")).toEqual(["database"]);
    expect(searchTokens("ﾃﾞｰﾀﾍﾞｰｽ")).toEqual(["データベース"]);
  });

  it("segments unspaced scripts into words and keeps emoji as terms", () => {
    expect(searchTokens("新しいデータベースを作成しました")).toContain("データベース");
    expect(searchTokens("ฐานข้อมูลของเรา")).toContain("ข้อมูล");
    expect(searchTokens("ship it 🚀 now 👍🏽")).toEqual(["ship", "it", "🚀", "now", "👍🏽"]);
    expect(searchTokens("can't e.g. a_b 3.14")).toEqual([
      "can",
      "t",
      "e",
      "g",
      "a",
      "b",
      "3",
      "14",
    ]);
  });

  it("gives an ASCII text the same terms with or without the ASCII shortcut", () => {
    const text = "Don't panic: v2.0_beta ships at 10:30, e.g. TODAY!";
    expect(searchTokens(text)).toEqual(searchTokens(`${text} é`).slice(0, -1));
  });

  it("index text is the space-joined terms of every string in the content", () => {
    expect(
      searchIndexText({
        parts: [{ text: "Hello" }, { nested: ["Wörld", { deep: "ＡＢ" }] }],
        n: 1,
      }),
    ).toBe("hello world ab");
  });

  it("query terms drop repeats", () => {
    expect(searchQueryTerms("Fox fox FOX dog")).toEqual(["fox", "dog"]);
  });
});

describe("snippets", () => {
  it("quote the original text and mark matched words in every script", () => {
    expect(scanSnippet("The quick brown fox", ["quick", "fox"])).toBe("The [quick] brown [fox]");
    expect(scanSnippet("新しいデータベースを作成しました", ["データベース"])).toBe(
      "新しい[データベース]を作成しました",
    );
    expect(scanSnippet("ｶﾀｶﾅ ﾃﾞｰﾀﾍﾞｰｽ", ["データベース"])).toBe("ｶﾀｶﾅ [ﾃﾞｰﾀﾍﾞｰｽ]");
    expect(scanSnippet("Ein Café\n\nin  Köln", ["koln"])).toBe("Ein Café in [Köln]");
  });

  it("maps every word back to its original offsets", () => {
    const text = "ＡＢ ｶﾞ x";
    expect(searchWords(text).map((w) => text.slice(w.start, w.end))).toEqual(["ＡＢ", "ｶﾞ", "x"]);
  });
});

describe("BM25", () => {
  it("is FTS5's formula, IDF floored at 1e-6", () => {
    expect(bm25Idf(10, 9)).toBe(1e-6);
    expect(bm25Idf(10, 1)).toBeCloseTo(Math.log(9.5 / 1.5));
    const idf = bm25Idf(10, 1);
    expect(bm25Score([idf], [1], 4, 4)).toBeCloseTo(idf);
    expect(bm25Score([idf], [2], 4, 4)).toBeGreaterThan(bm25Score([idf], [1], 4, 4));
    expect(bm25Score([idf], [1], 8, 4)).toBeLessThan(bm25Score([idf], [1], 4, 4));
  });
});

/** A deterministic generator of non-negative integers (a linear congruential one). */
function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
}

describe("shortcuts", () => {
  it("give exactly the segmenter's terms and offsets for Latin, Greek and Cyrillic text", () => {
    const alphabet = [
      ..."aZéÉßçñøłĳœ",
      ..."ΑαάΣςσΐ",
      ..."ЁёЙйЖж",
      ..."0189٣",
      "\u0301",
      "\u0308",
      ..." \t\n.,;:'’-–—!?()[]«»€$+=^`·",
    ];
    const next = pseudoRandom(7);
    for (let i = 0; i < 1500; i++) {
      let text = "";
      const length = 1 + (next() % 30);
      for (let k = 0; k < length; k++) text += alphabet[next() % alphabet.length];
      expect(searchWords(text), JSON.stringify(text)).toEqual(segmentedWords(text));
    }
  });

  it("give exactly the segmenter's terms and offsets for mixed text split at spaces", () => {
    // Pieces of every kind the piecewise path separates or must keep together: dictionary
    // scripts, emoji sequences, characters that attach to a space before them (marks, ZWJ,
    // variation selectors, emoji modifiers, Thai sara am, half-width voiced marks, other
    // whitespace) or join the space after them (Arabic number signs and other Prepends),
    // NFKC-changing forms (full-width, ligatures, no-break space).
    const alphabet = [
      " ",
      " ",
      " ",
      " ",
      "  ",
      "a",
      "Bc",
      "42",
      "x.y",
      "can't",
      "café",
      "Привет",
      "ΣΑΣ",
      "東京",
      "注文する",
      "ありがとう",
      "カタカナ",
      "ｶ",
      "\uFF9E",
      "\uFF9F",
      "ภาษาไทย",
      "\u0E33",
      "ລາວ",
      "\u0EB3",
      "ខ្មែរ",
      "မြန်မာ",
      "مرحبا",
      "\u064E",
      "\u0600",
      "\u0605",
      "\u06DD",
      "\u{110BD}",
      "\u0D4E",
      "שלום",
      "हिन्दी",
      "\u093F",
      "한국어",
      "\u1100\u1161",
      "🚀",
      "👍🏽",
      "\u{1F3FD}",
      "👨‍👩‍👧",
      "\u200D",
      "\uFE0F",
      "🇯🇵",
      "\u{1F1EF}",
      "1️⃣",
      "\u20E3",
      "\u0301",
      "\u00AD",
      "\u200B",
      "\u3000",
      "\u00A0",
      "\u2003",
      "\t",
      "\n",
      "Ａｂ",
      "ﬁ",
      "①",
      "∞",
      "…",
      ",",
      "—",
      ..."ابجد \u0651 ٣٤ עברית \u05B8 ׳ ״ Հայերեն ქართული ኢትዮጵያ தமிழ் বাংলা ०१ བོད".split(" "),
      ..."ᠮᠣᠩᠭᠣᠯ ܣܘܪܝܝܐ ދިވެހި සිංහල ᏣᎳᎩ ㄅㄆ ー 々 ൎ \u{11A84}".split(" "),
    ];
    const next = pseudoRandom(11);
    for (let i = 0; i < 4000; i++) {
      let text = "";
      const length = 1 + (next() % 24);
      for (let k = 0; k < length; k++) text += alphabet[next() % alphabet.length];
      expect(searchWords(text), JSON.stringify(text)).toEqual(segmentedWords(text));
      expect(searchTokens(text)).toEqual(segmentedWords(text).map((w) => w.term));
    }
  });
});
