import {
  type JsonValue,
  MemoryRepository,
  type SearchHit,
  type SearchOptions,
  type SessionRepository,
} from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { BASE_TIME, sessionKey } from "../support/keys.js";
import { capabilityGate } from "../support/skip.js";

/** One corpus event: id, user, session, timestamp offset, content. */
type Entry = [id: string, userId: string, sessionId: string, at: number, content: JsonValue];

const parts = (text: string): JsonValue => ({ parts: [{ text }] });

/**
 * A fixed corpus: 14 languages/scripts, emoji, mixed script, full-width and half-width forms,
 * text nested deep inside content parts, and a trap (`テータヘース`, データベース with its voiced
 * marks stripped, which must stay a different word).
 */
const CORPUS: Entry[] = [
  ["en1", "u1", "s1", 10, parts("The database migration finished quickly")],
  ["en2", "u1", "s2", 20, parts("Database backups run every night; the DATABASE is large")],
  ["de1", "u1", "s1", 30, parts("Die Straße zur Datenbank ist lang, Grüße aus Köln")],
  ["fr1", "u2", "s3", 40, parts("Le café crème est prêt à côté de la base de données")],
  ["es1", "u2", "s3", 50, parts("La niña pidió un café con leche en la estación")],
  ["tr1", "u2", "s4", 60, parts("İstanbul'da ılık bir gün; ISPARTA ve ıspanak")],
  ["el1", "u1", "s2", 70, parts("Η βάση δεδομένων ΟΔΟΣ και οδός")],
  ["ru1", "u1", "s2", 80, parts("База данных: ёлка, Ёжик и ЙОД")],
  ["ar1", "u3", "s5", 90, parts("قاعدة البيانات جاهزة")],
  ["he1", "u3", "s5", 100, parts("מסד הנתונים מוכן, שָׁלוֹם")],
  ["hi1", "u3", "s5", 110, parts("नया डेटाबेस तैयार है")],
  ["th1", "u3", "s6", 120, parts("ฐานข้อมูลของเราพร้อมแล้ว")],
  ["zh1", "u3", "s6", 130, parts("我们的数据库很快")],
  ["ja1", "u4", "s7", 140, parts("新しいデータベースを作成しました")],
  ["ja2", "u4", "s7", 150, "ﾃﾞｰﾀﾍﾞｰｽのバックアップ"],
  ["ja3", "u4", "s7", 160, parts("テータヘース")],
  ["ko1", "u4", "s8", 170, parts("데이터베이스 설정을 완료했습니다")],
  ["emoji1", "u1", "s1", 180, parts("Ship it 🚀 today 👍🏽")],
  ["mixed1", "u4", "s8", 190, parts("SQLiteのデータベースとPostgres数据库 🚀")],
  [
    "nested1",
    "u1",
    "s1",
    190,
    {
      parts: [
        { kind: "tool", result: { rows: [{ label: "Ｆｕｌｌ－ｗｉｄｔｈ ＤＡＴＡＢＡＳＥ" }] } },
      ],
    },
  ],
  ["en3", "u2", "s4", 200, parts("database database database: a small note about the database")],
];

/** Queries and the ids the reference must return (newest first). */
const EXPECTED: Array<[query: string, ids: string[]]> = [
  ["データベース", ["mixed1", "ja2", "ja1"]],
  ["ﾃﾞｰﾀﾍﾞｰｽ", ["mixed1", "ja2", "ja1"]],
  ["テータヘース", ["ja3"]],
  ["database", ["en3", "nested1", "en2", "en1"]],
  ["DATABASE migration", ["en1"]],
  ["ＤＡＴＡＢＡＳＥ", ["en3", "nested1", "en2", "en1"]],
  ["strasse", ["de1"]],
  ["STRASSE koln", ["de1"]],
  ["Köln", ["de1"]],
  ["cafe", ["es1", "fr1"]],
  ["Café CRÈME", ["fr1"]],
  ["nina", ["es1"]],
  ["istanbul", ["tr1"]],
  ["ILIK", ["tr1"]],
  ["ıspanak", ["tr1"]],
  ["ΟΔΌΣ", ["el1"]],
  ["βαση", ["el1"]],
  ["ЕЛКА", ["ru1"]],
  ["ёжик", ["ru1"]],
  ["البيانات", ["ar1"]],
  ["הנתונים", ["he1"]],
  ["डेटाबेस", ["hi1"]],
  ["ข้อมูล", ["th1"]],
  ["ฐานข้อมูล", ["th1"]],
  ["数据库", ["mixed1", "zh1"]],
  ["데이터베이스", ["ko1"]],
  ["🚀", ["mixed1", "emoji1"]],
  ["👍🏽", ["emoji1"]],
  ["width", ["nested1"]],
  ["sqlite データベース", ["mixed1"]],
  ["database 🚀", []],
  ["datab", []],
];

/** Snippets quote the original text, matched words in [ ]. */
const SNIPPETS: Array<[query: string, id: string, snippet: string]> = [
  ["ﾃﾞｰﾀﾍﾞｰｽ", "ja2", "[ﾃﾞｰﾀﾍﾞｰｽ]のバックアップ"],
  ["データベース", "ja1", "新しい[データベース]を作成しました"],
  ["koln", "de1", "…ist lang, Grüße aus [Köln]"],
  ["ΟΔΟΣ", "el1", "Η βάση δεδομένων [ΟΔΟΣ] και [οδός]"],
  ["ข้อมูล", "th1", "ฐาน[ข้อมูล]ของเราพร้อมแล้ว"],
  ["database", "nested1", "tool Ｆｕｌｌ－ｗｉｄｔｈ [ＤＡＴＡＢＡＳＥ]"],
];

async function seed(repo: SessionRepository, appName = "app"): Promise<void> {
  for (const [id, userId, sessionId, at, content] of CORPUS) {
    const key = sessionKey(sessionId, userId, appName);
    if (!(await repo.getSession(key, { recentEvents: 0 }))) await repo.createSession(key);
    await repo.appendEvent(key, { id, author: "user", content, timestamp: BASE_TIME + at });
  }
}

const shape = (hits: SearchHit[]) =>
  hits.map((h) => [h.key.userId, h.key.sessionId, h.event.id, h.snippet]);

/**
 * Multilingual search: one tokenization on every adapter (NFKC, case and accent folding where
 * accents are not part of the letter, word segmentation of unspaced scripts); every adapter
 * returns exactly the hits, order and snippets of the in-memory reference.
 */
export function multilingualSearchGroup({ target, repo }: SuiteContext): void {
  const gate = capabilityGate(
    target,
    "multilingual search",
    target.capabilities.search !== "none",
    'capabilities.search is "none"',
  );
  describe.skipIf(gate.skip)(gate.title, () => {
    async function withReference(
      run: (reference: SessionRepository) => Promise<void>,
    ): Promise<void> {
      const reference = new MemoryRepository();
      try {
        await seed(reference);
        await seed(repo());
        await run(reference);
      } finally {
        await reference.close();
      }
    }
    const search = (r: SessionRepository, query: string, extra: Partial<SearchOptions> = {}) =>
      r.searchEvents({ appName: "app", query, limit: 100, ...extra });

    it("finds words of 14 scripts, emoji and nested parts, folding case, accents and width", async () => {
      await withReference(async (reference) => {
        for (const [query, ids] of EXPECTED) {
          const hits = await search(repo(), query);
          expect(
            hits.map((h) => h.event.id),
            query,
          ).toEqual(ids);
          expect(shape(hits), query).toEqual(shape(await search(reference, query)));
        }
      });
    });

    it("quotes the original text in snippets, marking the matched words", async () => {
      await seed(repo());
      for (const [query, id, snippet] of SNIPPETS) {
        const hit = (await search(repo(), query)).find((h) => h.event.id === id);
        expect(hit?.snippet, query).toBe(snippet);
      }
    });

    it("orders by relevance (BM25) exactly as the reference when the store is the searched scope", async () => {
      await withReference(async (reference) => {
        for (const query of ["database", "データベース", "cafe", "🚀", "database night"]) {
          const hits = await search(repo(), query, { order: "relevance" });
          expect(shape(hits), query).toEqual(
            shape(await search(reference, query, { order: "relevance" })),
          );
        }
        const ranked = await search(repo(), "database", { order: "relevance" });
        expect(ranked[0]?.event.id).toBe("en3");
        const scoped = await search(repo(), "database", { order: "relevance", userId: "u1" });
        expect(scoped.map((h) => h.event.id).sort()).toEqual(["en1", "en2", "nested1"]);
      });
    });

    it("returns the same hits in every order when events outside the scope exist (ranks may differ there)", async () => {
      await withReference(async (reference) => {
        await seed(repo(), "elsewhere");
        for (const query of ["database", "データベース", "cafe"]) {
          const newest = await search(repo(), query);
          expect(shape(newest), query).toEqual(shape(await search(reference, query)));
          const relevant = await search(repo(), query, { order: "relevance" });
          const ids = (hits: SearchHit[]) => hits.map((h) => h.event.id).sort();
          expect(ids(relevant), query).toEqual(ids(newest));
        }
      });
    });

    it("rejects an unknown order with INVALID_ARGUMENT", async () => {
      await expectError(
        repo().searchEvents({ appName: "app", query: "x", order: "best" as "newest" }),
        "INVALID_ARGUMENT",
        "options.order",
      );
    });
  });
}
