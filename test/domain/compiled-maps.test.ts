import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateFieldMapsModule } from "../../scripts/codegen/field-maps.ts";
import { compileCatalog } from "../../src/catalog/compile.ts";
import { emptyCanonical } from "../../src/contracts/record.ts";
import { applyRules, compileRules } from "../../src/record-formats/field-map.ts";
import { generatedFieldMaps } from "../../src/record-formats/generated-maps.ts";
import { dataFilesWith, projectRoot } from "../helpers/catalog-files.ts";
import { catalogIndex } from "../helpers/engine.ts";
import { recordArbitrary } from "../helpers/record-arbitrary.ts";
import { recordFixture } from "../helpers/records.ts";

/**
 * The generated field maps (generated/field-maps.js, written by npm run build) against the interpreter they were
 * generated from: the same output and the same warnings, in both directions of every map, on every sample, every
 * fixture and generated records — including records the maps cannot convert (warnings must agree too).
 */
const catalog = catalogIndex.catalog;

function interpreted(rules: Parameters<typeof compileRules>[0]) {
  const compiled = compileRules(rules);
  return (input: unknown, output: Record<string, unknown>) => {
    const { output: out, warnings } = applyRules(compiled, input, output);
    return { output: out, warnings };
  };
}

describe("compiled field maps", () => {
  it("are current: generated/field-maps.js is what the build makes from these data files", () => {
    const fresh = generateFieldMapsModule(compileCatalog(dataFilesWith()));
    const written = readFileSync(join(projectRoot, "generated/field-maps.js"), "utf8");
    expect(written === fresh, "generated/field-maps.js is stale: run npm run build").toBe(true);
    expect(generatedFieldMaps.digest).toBe(catalog.digest);
  });

  it("use no eval and no Function constructor (so workerd runs them)", () => {
    const written = readFileSync(join(projectRoot, "generated/field-maps.js"), "utf8");
    expect(written).not.toMatch(/\beval\s*\(|\bFunction\s*\(/);
  });

  for (const map of catalog.recordMaps) {
    const generated = generatedFieldMaps.maps[map.scheme];
    const reference = { toCanonical: interpreted(map.toCanonical), fromCanonical: interpreted(map.fromCanonical) };

    const both = (record: unknown) => {
      const inbound = reference.toCanonical(record, emptyCanonical(map.scheme));
      expect(generated?.toCanonical(record, emptyCanonical(map.scheme))).toEqual(inbound);
      expect(generated?.fromCanonical(inbound.output, {})).toEqual(reference.fromCanonical(inbound.output, {}));
    };

    it(`${map.scheme}: equal to the interpreter on the sample and the fixture`, () => {
      both(catalogIndex.scheme(map.scheme)?.recordFormat?.sample);
      both(recordFixture(map.scheme));
    });

    it(`${map.scheme}: equal to the interpreter on generated records, valid or not`, () => {
      // Valid records, and records with any field replaced by an arbitrary JSON value (unknown codes, lists for text).
      const messy = recordArbitrary(map.scheme).chain((record) =>
        fc
          .dictionary(fc.constantFrom(...Object.keys(record), "level", "registrationId"), fc.jsonValue(), {
            maxKeys: 3,
          })
          .map((noise) => ({ ...record, ...noise })),
      );
      fc.assert(
        fc.property(fc.oneof(recordArbitrary(map.scheme), messy), (record) => both(record)),
        { numRuns: 150 },
      );
    });

    it(`${map.scheme}: equal on canonical records from any scheme (fromCanonical)`, () => {
      for (const other of catalog.recordMaps) {
        const canonical = interpreted(other.toCanonical)(recordFixture(other.scheme), emptyCanonical(other.scheme));
        expect(generated?.fromCanonical(canonical.output, {})).toEqual(reference.fromCanonical(canonical.output, {}));
      }
    });
  }
});
