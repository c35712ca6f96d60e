import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import catalog from "../../generated/catalog.js";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { buildCredential } from "../../src/credentials/credential.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";
import { type TranslationCore, Translator } from "../../src/domain/translation/translator.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const index = new CatalogIndex(catalog);
const translator = new Translator(index, new EquivalenceEngine(index), sha256);

type Input = Parameters<Translator["translate"]>[0];

/**
 * Every pair of schemes with a sample record and a record map, both ways; and a JC-STAR canonical record with
 * requirement results (which the samples have none of) into every other scheme, so that results are carried too.
 */
async function inputs(): Promise<Input[]> {
  const asOf = "2026-01-15";
  const samples = catalog.schemes
    .filter((s) => s.recordFormat?.sample && translator.supported().includes(s.id))
    .flatMap((from) =>
      translator
        .supported()
        .filter((to) => to !== from.id)
        .map((to) => ({
          from: from.id,
          to,
          format: "native" as const,
          record: from.recordFormat?.sample as Record<string, unknown>,
          asOf,
        })),
    );
  const jcStar = samples.find((s) => s.from === "jc-star") as Input;
  const canonical = (await translator.translate(jcStar)).canonical;
  const withResults = {
    ...canonical,
    requirementResults: [
      { requirement: "S1.1-02", result: "pass", evidence: [] },
      { requirement: "S1.1-05", result: "fail", evidence: [] },
    ],
  };
  const carried = translator
    .supported()
    .filter((to) => to !== "jc-star")
    .map((to) => ({ from: "jc-star", to, format: "canonical" as const, record: withResults, asOf }));
  return [...samples, ...carried];
}

/** The credential the routes build from a translation, with the id and the instant fixed. */
function credentialOf(result: TranslationCore) {
  return buildCredential({
    kind: "translation",
    id: "urn:uuid:00000000-0000-4000-8000-000000000001",
    issuer: "did:web:issuer.example",
    issuedAt: Date.parse("2026-01-15T00:00:00Z"),
    canonical: result.canonical,
    subjectId: `urn:kakehashi:translation:sha256:${result.derivation.sourceDigest}`,
    target: {
      scheme: result.to,
      record: result.record,
      records: result.records.map((r) => r.record),
      complete: result.recordValid,
    },
    recognition: [result.recognition],
    catalogDigest: result.derivation.catalogDigest,
    sourceDigest: result.derivation.sourceDigest,
  });
}

describe("the translation a credential is built from (translate(…, 'core'))", () => {
  it("covers pairs with several target records and with carried requirement results", async () => {
    // The cases that make the comparison below mean something: not only one-record, result-less translations.
    const answers = await Promise.all((await inputs()).map((input) => translator.translate(input)));
    expect(answers.some((a) => a.records.length > 1)).toBe(true);
    expect(answers.some((a) => a.unmapped.length > 0)).toBe(true);
    expect(answers.some((a) => a.requirementResults.length > 0)).toBe(true);
  });

  it("is the whole translation without the requirement results and the unmapped list, key for key", async () => {
    for (const input of await inputs()) {
      const whole = await translator.translate(input);
      const core = await translator.translate(input, "core");
      expect(core).not.toHaveProperty("requirementResults");
      expect(core).not.toHaveProperty("unmapped");
      const { requirementResults: _results, unmapped: _unmapped, ...rest } = whole;
      expect(JSON.stringify(core), `${input.from} → ${input.to} (${input.format})`).toBe(JSON.stringify(rest));
    }
  });

  it("gives a credential byte for byte the one the whole translation gives", async () => {
    for (const input of await inputs()) {
      const fromWhole = JSON.stringify(credentialOf(await translator.translate(input)));
      const fromCore = JSON.stringify(credentialOf(await translator.translate(input, "core")));
      expect(fromCore, `${input.from} → ${input.to} (${input.format})`).toBe(fromWhole);
    }
  });
});
