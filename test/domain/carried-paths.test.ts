import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { carriedPaths } from "../../src/domain/translation/formats.ts";
import { populatedLeaves } from "../../src/domain/translation/unmapped-list.ts";
import { inputsRead } from "../../src/record-formats/field-map.ts";
import { catalogIndex } from "../helpers/engine.ts";

/**
 * Which canonical values a target format carries (the unmapped list's `no-target-field` entries) is decided by a set
 * of the paths its rules read, built once per format (src/domain/translation/formats.ts). It must answer exactly what
 * the test it replaced answered: some read path equals the value's path or is a dotted prefix of it.
 */
const reference = (read: readonly string[], path: string) => read.some((r) => path === r || path.startsWith(`${r}.`));

// Short segments over a small alphabet, so that equal paths, prefixes and near-prefixes ("ab" of "a.b") come up often;
// empty segments too (leading, trailing and doubled dots).
const segment = fc.constantFrom("", "a", "b", "ab", "a.b", "product", "model");
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("."));

describe("carriedPaths", () => {
  it("answers as the prefix test did, for any read paths and any path", () => {
    fc.assert(
      fc.property(fc.array(path, { maxLength: 6 }), path, (read, asked) => {
        expect(carriedPaths(read)(asked)).toBe(reference(read, asked));
      }),
      { numRuns: 2000 },
    );
  });

  it("answers as the prefix test did for every format's rules, on the paths any format reads and their kin", () => {
    const formats = catalogIndex.catalog.recordMaps;
    const leaves = new Set<string>();
    for (const scheme of catalogIndex.allSchemes()) {
      const sample = scheme.recordFormat?.sample as Record<string, unknown> | undefined;
      if (sample) for (const leaf of populatedLeaves(sample as never)) leaves.add(leaf);
    }
    // The canonical paths the formats read, a child of each and its parent.
    for (const map of formats) {
      for (const read of map.fromCanonical.flatMap(inputsRead)) {
        leaves.add(read).add(`${read}.x`).add(read.split(".").slice(0, -1).join("."));
      }
    }
    expect(leaves.size).toBeGreaterThan(10);
    for (const map of formats) {
      const read = map.fromCanonical.flatMap(inputsRead);
      const carries = carriedPaths(read);
      for (const leaf of leaves) expect(carries(leaf), `${map.scheme} ${leaf}`).toBe(reference(read, leaf));
    }
  });
});
