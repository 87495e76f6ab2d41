import {
  decodeIdSegment,
  encodeIdSegment,
  isHashedSegment,
} from "@sessionkit/json-file-store/format";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWellFormed } from "./well-formed.js";

const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** Every property a segment must have on Linux, macOS and Windows. */
function expectSafe(segment: string): void {
  expect(segment).toMatch(/^[a-z0-9_~-]+$/);
  expect(Buffer.byteLength(`${segment}.json.lock.stale-00000000`)).toBeLessThanOrEqual(255);
  expect(segment).not.toMatch(DEVICE);
  expect(segment).not.toMatch(/[. ]$/);
}

const idArbitrary = fc
  .string({ unit: "binary", minLength: 1, maxLength: 256 })
  .filter((s) => isWellFormed(s) && !/[\u0000-\u001f\u007f-\u009f]/.test(s));

describe("encodeIdSegment", () => {
  it("keeps [a-z0-9-] and escapes every other byte", () => {
    expect(encodeIdSegment("abc-123")).toBe("abc-123");
    expect(encodeIdSegment("Abc")).toBe("_41bc");
    expect(encodeIdSegment("..")).toBe("_2e_2e");
    expect(encodeIdSegment("a/b")).toBe("a_2fb");
    expect(encodeIdSegment("a_b")).toBe("a_5fb");
    expect(encodeIdSegment("é")).toBe("_c3_a9");
    expect(encodeIdSegment("%2e%2e")).toBe("_252e_252e");
  });

  it("escapes Windows device names", () => {
    for (const name of ["con", "nul", "aux", "prn", "com1", "lpt9"]) {
      expect(encodeIdSegment(name)).not.toMatch(DEVICE);
      expect(decodeIdSegment(encodeIdSegment(name))).toBe(name);
    }
    expect(encodeIdSegment("con")).toBe("_63on");
  });

  it("hashes long ids into a short segment that stays distinct", () => {
    const a = "😀".repeat(128);
    const b = `${"😀".repeat(127)}😁`;
    expect(isHashedSegment(encodeIdSegment(a))).toBe(true);
    expect(encodeIdSegment(a)).not.toBe(encodeIdSegment(b));
    expect(decodeIdSegment(encodeIdSegment(a))).toBeNull();
    expectSafe(encodeIdSegment("x".repeat(256)));
  });

  it("rejects non-canonical segments when decoding", () => {
    expect(decodeIdSegment("_41BC")).toBeNull();
    expect(decodeIdSegment("con")).toBeNull();
    expect(decodeIdSegment("_6")).toBeNull();
    expect(decodeIdSegment("_61")).toBeNull(); // "a" is written literally
    expect(decodeIdSegment("_ff")).toBeNull(); // not UTF-8
  });

  it("is safe, reversible (or hashed) and injective for arbitrary ids (fast-check)", () => {
    fc.assert(
      fc.property(idArbitrary, (id) => {
        const segment = encodeIdSegment(id);
        expectSafe(segment);
        if (!isHashedSegment(segment)) expect(decodeIdSegment(segment)).toBe(id);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(idArbitrary, idArbitrary, (a, b) => {
        fc.pre(a !== b);
        expect(encodeIdSegment(a).toLowerCase()).not.toBe(encodeIdSegment(b).toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });
});
