import { describe, expect, it } from "vitest";
import type { z } from "zod";
import catalog from "../../generated/catalog.js";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { CanonicalRecord, emptyCanonical } from "../../src/contracts/record.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { applyRules, compileRules } from "../../src/record-formats/field-map.ts";
import { generatedRecordChecks } from "../../src/record-formats/generated-checks.ts";
import { generatedFieldMaps } from "../../src/record-formats/generated-maps.ts";
import { nativeRecordSchema } from "../../src/record-formats/native-schema.ts";
import type { AcceptCheck } from "../../src/record-formats/record-parse.ts";

// Inside workerd, whose URL parser is its own, where eval and new Function are refused and zod runs without generated
// code: the build's record checks load, accept every sample, and what they accept zod accepts with the same data
// (test/domain/record-fast-checks.test.ts holds this at length on Node).
function acceptedAsZodDoes(accept: AcceptCheck | undefined, schema: z.ZodType, input: unknown): boolean {
  const data = accept?.(input);
  if (data === undefined) return false;
  const reference = schema.safeParse(input);
  expect(reference.success ? [] : reference.error.issues).toEqual([]);
  expect(JSON.stringify(data)).toBe(JSON.stringify(reference.data));
  expect(data).toStrictEqual(reference.data);
  return true;
}

const urls = [
  "https://example.org/a",
  " http://EXAMPLE.org:8080/x?y#z ",
  "HTTP://EXAMPLE.ORG:8080/x?y#z",
  "https://xn--bcher-kva.example/",
  "ftp://example.org",
  "http://exa mple",
  "https://",
  "http://1.2.3.4/",
  "https://a\tb.example/",
];

describe("generated record checks on Workers", () => {
  const index = new CatalogIndex(catalog);

  it("are the ones the Worker's translator runs (same catalog digest)", () => {
    const translator = new Translator(
      index,
      new EquivalenceEngine(index),
      () => "",
      generatedFieldMaps,
      generatedRecordChecks,
    );
    expect(translator.formatChecks).toBe("generated");
  });

  it("accept every sample as zod does, and only what zod accepts with URLs and dates put in each field", () => {
    for (const map of catalog.recordMaps) {
      const format = index.scheme(map.scheme)?.recordFormat;
      if (!format) continue;
      const accept = generatedRecordChecks.formats[map.scheme]?.all;
      const schema = nativeRecordSchema(format.fields);
      expect(acceptedAsZodDoes(accept, schema, format.sample), `${map.scheme} sample`).toBe(true);
      for (const field of format.fields) {
        const values =
          field.type === "url" ? urls : field.type === "date" ? ["2026-02-30", "2024-02-29", "x"] : [" ", 1];
        for (const value of values) acceptedAsZodDoes(accept, schema, { ...format.sample, [field.name]: value });
      }
      const { output } = applyRules(compileRules(map.toCanonical), format.sample, emptyCanonical(map.scheme));
      const canonical = {
        ...(output as CanonicalRecord),
        scheme: map.scheme,
        native: { scheme: map.scheme, record: format.sample },
      };
      expect(acceptedAsZodDoes(generatedRecordChecks.canonical, CanonicalRecord, canonical)).toBe(true);
      for (const value of urls) {
        const changed = { ...canonical, urls: { ...canonical.urls, registry: value } };
        acceptedAsZodDoes(generatedRecordChecks.canonical, CanonicalRecord, changed);
      }
    }
  });
});
