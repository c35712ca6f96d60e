import { describe, expect, it } from "vitest";
import { CatalogNames } from "../../src/cli/kakehashi/catalog-names.ts";
import { matrixText } from "../../src/cli/kakehashi/matrix-text.ts";
import { problemLine } from "../../src/cli/kakehashi/problem-line.ts";
import type { components } from "../../src/client/index.ts";
import { translator } from "../../src/i18n/messages.ts";
import { createTestApp } from "../helpers/test-app.ts";

const { app } = createTestApp();
type Matrix = components["schemas"]["EquivalenceMatrix"];

describe("kakehashi matrix within a terminal's width", () => {
  it("never runs past the width, from 30 to 200 columns, and every scheme and level is still there", async () => {
    const names = new CatalogNames(
      (await (await app.request("/v1/schemes")).json()) as components["schemas"]["SchemeList"],
      "en",
    );
    const t = translator("en");
    for (const category of ["", "&category=router"]) {
      const matrix = (await (await app.request(`/v1/equivalence/matrix?asOf=2026-06-01${category}`)).json()) as Matrix;
      const levels = [...new Set(matrix.cells.map((c) => names.level(matrix.from, c.from.level)))];
      for (let width = 30; width <= 200; width += 10) {
        const text = matrixText(matrix, names, t, width);
        const widest = Math.max(...text.split("\n").map((line) => [...line].length));
        expect({ category, width, widest: widest <= width }).toEqual({ category, width, widest: true });
        for (const level of levels) expect(text).toContain(level);
        // Names are cut (with "…") only when the names column would take more than half the width.
        const kept = Math.max(8, Math.floor(width / 2)) - 1;
        for (const scheme of matrix.schemes) expect(text).toContain(names.scheme(scheme).slice(0, kept));
      }
      const first = matrix.cells[0]?.verdict ?? "recognized";
      expect(matrixText(matrix, names, t)).toContain(t(`verdict.${first}`)); // the full table, in words
    }
  });
});

describe("an API problem as one command-line sentence", () => {
  it("groups a record's field complaints and names arguments by what was typed", () => {
    const line = problemLine(
      422,
      {
        errors: [
          { pointer: "/body/record/a", detail: "Invalid input: expected string, received undefined" },
          { pointer: "/body/record/b", detail: "Invalid input: expected string, received undefined" },
          { pointer: "/body/record/level", detail: 'Invalid option: expected one of "1"|"2"' },
          { pointer: "/body/record/x", detail: "not a field of this format: x, y" },
        ],
      },
      { "/body/record": "r.json as an s record" },
    );
    expect(line).toBe('r.json as an s record: missing a, b; unknown fields x, y; level: expected one of "1"|"2"');
    expect(
      problemLine(
        400,
        { errors: [{ pointer: "/query/asOf", detail: "must be a real calendar date" }] },
        {
          "/query/asOf": "--as-of 2026-02-30",
        },
      ),
    ).toBe("--as-of 2026-02-30: must be a real calendar date");
    expect(problemLine(404, { errors: [{ pointer: "/query/to", detail: 'scheme "x" is not in the catalog' }] })).toBe(
      'scheme "x" is not in the catalog',
    );
    expect(problemLine(401, { detail: "an API key is required" })).toBe("an API key is required");
  });
});
