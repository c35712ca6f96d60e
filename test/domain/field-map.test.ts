import { describe, expect, it } from "vitest";
import { FieldRule } from "../../src/contracts/record-map.ts";
import { applyRules, compileRules } from "../../src/record-formats/field-map.ts";
import { compileSelector, isSimplePath, UnsafePathError } from "../../src/record-formats/jsonpath.ts";
import { convertDate, TransformError } from "../../src/record-formats/transforms.ts";

const rules = (list: unknown[]) => compileRules(list.map((r) => FieldRule.parse(r)));

describe("JSONPath selectors", () => {
  it("compiles plain member paths to accessors and runs others through jsonpath-plus", () => {
    expect(isSimplePath("$.holder.name")).toBe(true);
    expect(isSimplePath("$.models[0]")).toBe(true);
    expect(isSimplePath("$.models[*]")).toBe(false);
    const record = { holder: { name: "Example Corp" }, models: ["A", "B"] };
    expect(compileSelector("$.holder.name")(record)).toBe("Example Corp");
    expect(compileSelector("$.models[1]")(record)).toBe("B");
    expect(compileSelector("$.models[*]")(record)).toEqual(["A", "B"]);
    expect(compileSelector("$.missing.deeper")(record)).toBeUndefined();
  });

  it.each(["$.a[?(@.t==='x')]", "$..[?(@.price<10)]", "$.a[(@.length-1)]"])(
    "refuses the script expression %s",
    (path) => {
      expect(() => compileSelector(path)).toThrow(UnsafePathError);
    },
  );
});

describe("transforms", () => {
  it("converts dates between registry notations and refuses impossible dates", () => {
    expect(convertDate("300530", "DDMMYY", "YYYY-MM-DD")).toBe("2030-05-30");
    expect(convertDate("2030-05-30", "YYYY-MM-DD", "DDMMYY")).toBe("300530");
    expect(convertDate("30.5.2030", "DD.MM.YYYY", "YYYY-MM-DD")).toBe("2030-05-30");
    expect(() => convertDate("310230", "DDMMYY", "YYYY-MM-DD")).toThrow(TransformError);
  });

  it("runs pipelines: match then date, map with warnings, split, join, templates and constants", () => {
    const compiled = rules([
      {
        to: "/dates/validUntil",
        from: "$.id",
        transform: [{ match: "^CSA/([0-9]{6})/" }, { date: { from: "DDMMYY", to: "YYYY-MM-DD" } }],
      },
      { to: "/level", from: "$.level", transform: [{ map: { "1": "L1", "2": "L2" } }] },
      { to: "/product/models", from: "$.models", transform: [{ split: "," }] },
      { to: "/product/name", template: "{$.brand} {$.name}" },
      { to: "/schemeVersion", constant: "v1" },
    ]);
    const result = applyRules(
      compiled,
      { id: "CSA/300527/X1", level: "3", models: "A-1, A-2", brand: "Ex", name: "Hub" },
      {},
    );
    expect(result.output).toEqual({
      dates: { validUntil: "2027-05-30" },
      product: { models: ["A-1", "A-2"], name: "Ex Hub" },
      schemeVersion: "v1",
    });
    expect(result.warnings).toEqual([
      {
        field: "/level",
        message: '"3" is not a known value (known: 1, 2)',
        ja: "「3」は既知の値ではありません（既知の値：1, 2）",
        rule: 1,
      },
    ]);
  });

  it("a template with a missing part maps nothing rather than half a value", () => {
    const result = applyRules(rules([{ to: "name", template: "{$.a} {$.b}" }]), { a: "x" }, {});
    expect(result.output).toEqual({});
    expect(result.empty).toEqual(["name"]);
  });
});
