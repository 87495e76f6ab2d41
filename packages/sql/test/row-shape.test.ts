import { rowShape, shapeRows } from "@sessionkit/sql/driver";
import { describe, expect, it } from "vitest";

describe("rowShape", () => {
  it("builds one object per row with the columns as keys, in column order", () => {
    const shape = rowShape(["pk", "session_id", "state", "expired_at"]);
    const row = shape([1, "s1", '{"a":1}', null]);
    expect(row).toEqual({ pk: 1, session_id: "s1", state: '{"a":1}', expired_at: null });
    expect(Object.keys(row)).toEqual(["pk", "session_id", "state", "expired_at"]);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it("keeps the last value of a repeated column name, like the drivers' own row objects", () => {
    expect(rowShape(["value", "value"])(["first", "second"])).toEqual({ value: "second" });
  });

  it("takes names that are not identifiers (quotes, spaces, code) as plain keys", () => {
    const names = ['a"b', "count(*)", "x y", "}); throw 1; ({", "\\"];
    const row = rowShape(names)([1, 2, 3, 4, 5]);
    expect(Object.entries(row)).toEqual(names.map((name, i) => [name, i + 1]));
  });

  it("stores a column named __proto__ as an own key and leaves the prototype alone", () => {
    const row = rowShape(["id", "__proto__"])(["x", { polluted: true }]);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.hasOwn(row, "__proto__")).toBe(true);
    expect((row as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(row, "__proto__")?.value).toEqual({ polluted: true });
  });

  it("builds an empty object for a statement without columns", () => {
    expect(rowShape([])([])).toEqual({});
  });

  it("shapes every row of a result in order (shapeRows)", () => {
    const shape = rowShape(["seq", "id"]);
    expect(
      shapeRows(
        [
          [1, "a"],
          [2, "b"],
        ],
        shape,
      ),
    ).toEqual([
      { seq: 1, id: "a" },
      { seq: 2, id: "b" },
    ]);
    expect(shapeRows([], shape)).toEqual([]);
  });
});
