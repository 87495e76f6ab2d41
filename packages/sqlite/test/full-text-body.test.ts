import type { JsonValue } from "@sessionkit/core";
import { searchIndexText } from "@sessionkit/core/adapter-kit";
import { fullTextBody } from "@sessionkit/sql";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

// fullTextBody hands printable-ASCII content to FTS5 as it is, trusting the `ascii` tokenizer to
// find core's terms in it. Pinned here against a real FTS5 index: the instances (term, document,
// position) of an index fed fullTextBody equal those of an index fed core's terms.

const db = new Database(":memory:");
for (const t of ["by_body", "by_terms"]) {
  db.exec(`CREATE VIRTUAL TABLE ${t} USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'ascii');
CREATE VIRTUAL TABLE ${t}_v USING fts5vocab (${t}, 'instance');`);
}
afterAll(() => db.close());

/** A deterministic generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function instances(table: string): unknown[] {
  return db.prepare(`SELECT term, doc, col, "offset" FROM ${table}_v ORDER BY doc, "offset"`).all();
}

function indexBoth(contents: readonly JsonValue[]): void {
  const body = db.prepare("INSERT INTO by_body (rowid, body) VALUES (?, ?)");
  const terms = db.prepare("INSERT INTO by_terms (rowid, body) VALUES (?, ?)");
  db.transaction(() => {
    db.exec("DELETE FROM by_body; DELETE FROM by_terms;");
    contents.forEach((c, i) => {
      body.run(i + 1, fullTextBody(c));
      terms.run(i + 1, searchIndexText(c));
    });
  })();
}

describe("fullTextBody", () => {
  it("gives FTS5 `ascii` exactly core's terms for every printable-ASCII character mix", () => {
    const next = random(7);
    const alphabet = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    const contents: JsonValue[] = [];
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(next() * 60);
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
      contents.push(i % 3 === 0 ? { parts: [{ text }, { note: text.toUpperCase() }] } : text);
    }
    contents.push("", "   ", "CAN'T stop: user@example.com, x-y_z 3.14 ÀB", { a: null, b: 7 });
    indexBoth(contents);
    const expected = instances("by_terms");
    expect(expected.length).toBeGreaterThan(10_000);
    expect(instances("by_body")).toEqual(expected);
  });

  it("passes printable ASCII through and tokenizes anything else with core", () => {
    expect(fullTextBody({ parts: [{ text: "Hello, World!" }, { text: "x=1" }] })).toBe(
      "Hello, World! x=1",
    );
    for (const text of [
      "Café CRÈME",
      "東京 weather",
      "tab\there",
      "\u0001",
      "a\u0001b",
      "line\nfeed",
    ]) {
      expect(fullTextBody(text)).toBe(searchIndexText(text));
    }
    // The writer-indexed mark (char(1)) is never a body: a lone control character has no terms.
    expect(fullTextBody("\u0001")).toBe("");
  });

  it("indexes non-ASCII and control-character content exactly as core's terms", () => {
    const contents: JsonValue[] = [
      "Ångström naïve ΣΊΣΥΦΟΣ",
      "配送 👍🏽 can't",
      "a\tb\nc\u0001d",
      "İstanbul",
    ];
    indexBoth(contents);
    expect(instances("by_body")).toEqual(instances("by_terms"));
  });
});
