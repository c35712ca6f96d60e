import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import catalog from "../../generated/catalog.js";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { emptyCanonical } from "../../src/contracts/record.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { applyRules, compileRules } from "../../src/record-formats/field-map.ts";
import { generatedFieldMaps } from "../../src/record-formats/generated-maps.ts";

// Inside workerd, where eval and new Function are refused: the build's generated field maps load, run, and agree with
// the interpreter; the Worker's translator uses them.
describe("generated field maps on Workers", () => {
  const index = new CatalogIndex(catalog);

  it("are the ones the Worker's translator runs (same catalog digest)", () => {
    const translator = new Translator(index, new EquivalenceEngine(index), () => "", generatedFieldMaps);
    expect(translator.mapCode).toBe("generated");
  });

  it("agree with the interpreter on every scheme's sample, both directions", () => {
    for (const map of catalog.recordMaps) {
      const sample = index.scheme(map.scheme)?.recordFormat?.sample;
      const inbound = applyRules(compileRules(map.toCanonical), sample, emptyCanonical(map.scheme));
      const generated = generatedFieldMaps.maps[map.scheme];
      expect(generated?.toCanonical(sample, emptyCanonical(map.scheme)).output).toEqual(inbound.output);
      expect(generated?.fromCanonical(inbound.output, {}).output).toEqual(
        applyRules(compileRules(map.fromCanonical), inbound.output, {}).output,
      );
    }
  });

  it("serve POST /v1/translations: one CLS entry per JC-STAR model, no IPA grant copied", async () => {
    const record = index.scheme("jc-star")?.recordFormat?.sample as { modelNumbers: string[] };
    const response = await SELF.fetch("https://kakehashi.test/v1/translations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "jc-star", to: "sg-cls", record, asOf: "2026-07-01" }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { records: { record: Record<string, unknown> }[] };
    expect(body.records.map((r) => r.record.modelNumber)).toEqual(record.modelNumbers);
    expect(body.records.every((r) => r.record.registrationId === undefined && r.record.labelExpiry === undefined)).toBe(
      true,
    );
  });
});
