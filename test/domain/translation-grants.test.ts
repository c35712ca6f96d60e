import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Translation } from "../../src/contracts/translation.ts";
import { webCryptoSha256 } from "../../src/deps.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { catalogIndex, engine } from "../helpers/engine.ts";
import { recordArbitrary } from "../helpers/record-arbitrary.ts";
import { recordFixture } from "../helpers/records.ts";

/**
 * Issue 10's promise, over every ordered pair of schemes with record maps: a translation never fills the target's
 * grant or declaration fields from another scheme's record; each is listed with who supplies it (or the rule in force
 * that makes it unnecessary); a record of several models never loses one silently; and every message people read is
 * in English and Japanese, never a validator's text.
 */
const translator = new Translator(catalogIndex, engine, webCryptoSha256);
const schemes = catalogIndex.catalog.recordMaps.map((m) => m.scheme).sort();
const pairs = schemes.flatMap((from) => schemes.filter((to) => to !== from).map((to) => [from, to] as const));
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
const validatorText = /Invalid input|expected string|received undefined|Too (big|small)|Unrecognized key/i;

function fieldsOf(scheme: string) {
  return catalogIndex.scheme(scheme)?.recordFormat?.fields ?? [];
}

function ruleStandsFor(arrangement: string, rule: string, setBy: string): boolean {
  const found = catalogIndex.catalog.arrangements.find((a) => a.id === arrangement)?.rules.find((r) => r.id === rule);
  return (found?.standsFor ?? []).includes(setBy as "grant" | "declaration");
}

/** Everything the property promises, checked on one translation. */
function checkTranslation(result: Translation, from: string, to: string): void {
  const issued = fieldsOf(to).filter((f) => f.setBy !== "product");
  for (const field of issued) {
    for (const { record } of result.records) {
      expect(record[field.name], `${from} → ${to}: ${field.name} (${field.setBy}) filled`).toBeUndefined();
    }
    const entry = result.unmapped.find((u) => u.field === field.name);
    expect(entry, `${from} → ${to}: ${field.name} not listed`).toBeDefined();
    expect(entry?.setBy).toBe(field.setBy);
    expect(entry?.required).toBe(field.required);
    if (entry?.code === "stood-for-by-rule") {
      // Only a rule in force for this very translation, whose instrument says the label stands for this class.
      const rule = entry.rule;
      expect(rule).toBeDefined();
      expect(result.recognition.legal.rules.some((r) => r.rule === rule?.rule)).toBe(true);
      expect(ruleStandsFor(rule?.arrangement ?? "", rule?.rule ?? "", field.setBy ?? "")).toBe(true);
    } else {
      expect(entry?.code).toBe(field.setBy === "grant" ? "issued-by-target" : "declared-by-manufacturer");
    }
  }

  // One model per target record where the target holds one: the union of models is the source's, none dropped.
  const oneModel = catalogIndex.catalog.recordMaps.find((m) => m.scheme === to)?.oneRecordPer === "model";
  const models = result.canonical.product.models;
  if (oneModel && models.length > 1) {
    expect(result.records.map((r) => r.model)).toEqual(models);
    expect(result.warnings.map((w) => w.code)).toContain("one-record-per-model");
  } else {
    expect(result.records).toHaveLength(1);
  }
  expect(result.record).toBe(result.records[0]?.record);
  // recordValid is false exactly when a required field is listed empty or a warning says a value does not fit.
  const blocking =
    result.unmapped.some((u) => u.required) ||
    result.warnings.some((w) => w.code === "required-missing" || w.code === "invalid-value");
  expect(result.recordValid).toBe(!blocking);

  for (const text of [...result.warnings.map((w) => w.message), ...result.unmapped.map((u) => u.reason)]) {
    expect(text.en.length).toBeGreaterThan(0);
    expect(text.ja).toMatch(japanese);
    expect(text.en).not.toMatch(validatorText);
    expect(text.ja).not.toMatch(validatorText);
  }
}

describe("no foreign grant or declaration, over every ordered pair of schemes with record maps", () => {
  it("covers at least the five schemes (20 ordered pairs)", () => {
    expect(pairs.length).toBeGreaterThanOrEqual(20);
  });

  it.each(pairs)("%s → %s, on the sample record and the fixture", async (from, to) => {
    const sample = catalogIndex.scheme(from)?.recordFormat?.sample ?? {};
    for (const record of [sample, recordFixture(from)]) {
      for (const asOf of ["2025-06-01", "2026-01-15", "2026-07-01"]) {
        checkTranslation(await translator.translate({ from, to, format: "native", record, asOf }), from, to);
      }
    }
  });

  it.each(pairs)("%s → %s, on generated records", async (from, to) => {
    await fc.assert(
      fc.asyncProperty(recordArbitrary(from), async (record) => {
        checkTranslation(
          await translator.translate({ from, to, format: "native", record, asOf: "2026-07-01" }),
          from,
          to,
        );
      }),
      { numRuns: 15 },
    );
  });
});

describe("what the lists say", () => {
  it("JC-STAR → CLS: one CLS entry per model, each with that model only, nothing of IPA's grant", async () => {
    const record = recordFixture("jc-star");
    const result = await translator.translate({
      from: "jc-star",
      to: "sg-cls",
      format: "native",
      record,
      asOf: "2026-07-01",
    });
    expect(result.records.map((r) => r.record.modelNumber)).toEqual(record.modelNumbers);
    for (const { record: entry } of result.records) {
      expect(Object.keys(entry).sort()).toEqual(["manufacturer", "modelNumber", "productName", "productType"]);
    }
    const expiry = result.unmapped.find((u) => u.field === "labelExpiry");
    expect(expiry?.code).toBe("issued-by-target");
    // Who issues it comes from the catalog (the scheme's operator), in both languages.
    expect(expiry?.reason.en).toContain("issued by CSA Cybersecurity Certification Centre (CCC) on application");
    expect(expiry?.reason.ja).toContain("申請に基づき CSA Cybersecurity Certification Centre (CCC) が発行します");
    const split = result.warnings.find((w) => w.code === "one-record-per-model");
    const count = (record.modelNumbers as string[]).length;
    expect(split?.message.en).toContain(`covers ${count}`);
    expect(split?.message.ja).toContain(`${count} 機種`);
  });

  it("JC-STAR → US CTM: no FCC authorisation is asserted; the CLA's fields say who issues them", async () => {
    const result = await translator.translate({
      from: "jc-star",
      to: "us-ctm",
      format: "native",
      record: recordFixture("jc-star"),
      asOf: "2026-07-01",
    });
    expect(result.record).toEqual({ productName: "Sakura Home Gateway", manufacturerName: "Sakura Networks K.K." });
    const missing = result.unmapped.find((u) => u.field === "authorizationStatus");
    expect(missing).toMatchObject({ code: "issued-by-target", setBy: "grant", required: true });
    expect(missing?.reason.en).toContain("issued by the product's Cybersecurity Label Administrator (CLA)");
    expect(missing?.reason.ja).toContain("サイバーセキュリティラベル管理者（CLA） が発行します");
    // Explained once: a withheld field is not repeated among the warnings.
    expect(result.warnings.map((w) => w.field)).not.toContain("record.authorizationStatus");
    const password = result.warnings.find((w) => w.field === "record.defaultPasswordChange");
    expect(password?.message).toEqual({
      en: "The FCC IoT registry entry (47 CFR §8.222) requires defaultPasswordChange, and it is missing: supplied by the manufacturer.",
      ja: "FCC IoT registry entry (47 CFR §8.222) には defaultPasswordChange が必要ですが、ありません。製造者が提供します。",
    });
  });

  it("JC-STAR → EU DoC: the label date is not the declaration's date of issue", async () => {
    const result = await translator.translate({
      from: "jc-star",
      to: "eu-cra",
      format: "native",
      record: recordFixture("jc-star"),
      asOf: "2026-07-01",
    });
    expect(result.record.dateOfIssue).toBeUndefined();
    expect(result.unmapped.find((u) => u.field === "dateOfIssue")).toMatchObject({
      code: "declared-by-manufacturer",
      reason: {
        en: expect.stringContaining("declared by the manufacturer, in the document it signs"),
        ja: expect.stringContaining("製造者が自ら署名する文書で宣言します"),
      },
    });
  });

  it("a value the target does not accept is explained, not echoed from the validator", async () => {
    const long = { ...recordFixture("jc-star"), productName: "x".repeat(480), productType: "y".repeat(480) };
    const result = await translator.translate({
      from: "jc-star",
      to: "uk-psti",
      format: "native",
      record: { ...long, modelNumbers: ["M".repeat(300), "N".repeat(300)] },
      asOf: "2026-07-01",
    });
    const invalid = result.warnings.find((w) => w.field === "record.productIdentifier");
    expect(invalid).toEqual({
      field: "record.productIdentifier",
      code: "invalid-value",
      message: {
        en: "The value carried over for productIdentifier does not fit the PSTI statement of compliance (SI 2023/1007, Schedule 4): it is too long. The manufacturer supplies a value that fits.",
        ja: "productIdentifier に引き継いだ値は PSTI statement of compliance (SI 2023/1007, Schedule 4) に合いません（長すぎます）。製造者が合う値を提供します。",
      },
    });
  });

  it("outside the rule's dates, the same PSTI fields are the manufacturer's to declare, not stood for", async () => {
    const before = await translator.translate({
      from: "jc-star",
      to: "uk-psti",
      format: "native",
      record: recordFixture("jc-star"),
      asOf: "2025-06-01",
    });
    expect(before.unmapped.find((u) => u.field === "complianceDeclaration")?.code).toBe("declared-by-manufacturer");
    const after = await translator.translate({
      from: "jc-star",
      to: "uk-psti",
      format: "native",
      record: recordFixture("jc-star"),
      asOf: "2026-01-15",
    });
    expect(after.unmapped.find((u) => u.field === "complianceDeclaration")?.code).toBe("stood-for-by-rule");
    expect(after.unmapped.find((u) => u.field === "complianceDeclaration")?.reason.en).toContain(
      "not needed while the jc-star label is valid: under The Product Security and Telecommunications Infrastructure",
    );
  });
});
