import { describe, expect, it } from "vitest";
import type { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import type { CompiledScheme } from "../../src/catalog/model.ts";
import type { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { type CanonicalRecord, emptyCanonical } from "../../src/contracts/record.ts";
import type { TranslationWarning } from "../../src/contracts/translation.ts";
import { UnsupportedPairError } from "../../src/domain/translation/errors.ts";
import { FormatRegistry, grantingBody } from "../../src/domain/translation/formats.ts";
import { normaliseSupportPeriod } from "../../src/domain/translation/ingest.ts";
import { mapFromCanonical, perRecord, projectFor } from "../../src/domain/translation/mapping.ts";
import { effectiveStatus, standing } from "../../src/domain/translation/recognition.ts";
import { checkTarget, readCanonical, validateNative } from "../../src/domain/translation/record-validation.ts";
import { render } from "../../src/domain/translation/rendering.ts";
import { populatedLeaves } from "../../src/domain/translation/unmapped-list.ts";
import { catalogIndex } from "../helpers/engine.ts";
import { recordFixture } from "../helpers/records.ts";

/**
 * The functions the translator's modules export that no test called directly before the split (the Translator's
 * own behaviour is held by translation-grants, record-round-trip and the API suite): the edges each one decides.
 */
const formats = new FormatRegistry(catalogIndex);
const format = (scheme: string) => formats.get(scheme);

function canonical(changes: (record: CanonicalRecord) => void = () => {}): CanonicalRecord {
  const record = emptyCanonical("jc-star");
  record.level = "STAR-1";
  record.holder.name = "Maker K.K.";
  record.product.name = "Router";
  changes(record);
  return record;
}

describe("formats: the registry of record formats", () => {
  it("refuses a scheme with no record map, listing the supported ones sorted", () => {
    expect(() => formats.get("etsi-en-303-645")).toThrow(UnsupportedPairError);
    try {
      formats.get("etsi-en-303-645");
    } catch (error) {
      expect((error as UnsupportedPairError).supported).toEqual(formats.supported());
      expect(formats.supported()).toEqual([...formats.supported()].sort());
    }
  });

  it("runs the interpreter and zod when given no generated code", () => {
    expect(formats.mapCode).toBe("interpreted");
    expect(formats.formatChecks).toBe("zod");
  });

  it("names the body that grants: the format's grantedBy (with its Japanese), else the operator, else the owner", () => {
    const scheme = (s: { owner: string; operator?: string; recordFormat: object }) => s as unknown as CompiledScheme;
    expect(
      grantingBody(scheme({ owner: "O", operator: "Op", recordFormat: { grantedBy: "G", grantedByJa: "ジー" } })),
    ).toEqual({ en: "G", ja: "ジー" });
    expect(grantingBody(scheme({ owner: "O", recordFormat: { grantedBy: "G" } }))).toEqual({ en: "G", ja: "G" });
    expect(grantingBody(scheme({ owner: "O", operator: "Op", recordFormat: {} }))).toEqual({ en: "Op", ja: "Op" });
    expect(grantingBody(scheme({ owner: "O", recordFormat: {} }))).toEqual({ en: "O", ja: "O" });
  });
});

describe("record-validation: checks against a format", () => {
  it("points at a field the native format does not have by its name", () => {
    expect(() => validateNative(format("jc-star"), { ...recordFixture("jc-star"), colour: "red" })).toThrow(
      expect.objectContaining({
        errors: [{ pointer: "/record/colour", detail: "not a field of this format: colour" }],
      }),
    );
  });

  it("refuses a canonical record of another scheme than the one it is sent as", () => {
    expect(() => readCanonical(formats.parseCanonical, canonical(), "uk-psti")).toThrow(
      expect.objectContaining({ errors: [{ pointer: "/record/scheme", detail: "must be uk-psti" }] }),
    );
  });

  it("across schemes, checks only the product fields but calls a record incomplete when its format requires others", () => {
    const psti = format("uk-psti");
    const products = Object.fromEntries(
      Object.entries(recordFixture("uk-psti")).filter(([name]) =>
        psti.fields.some((f) => f.name === name && f.setBy === "product"),
      ),
    );
    expect(checkTarget(psti, products, false)).toEqual({ recordValid: false, warnings: [] });
    expect(checkTarget(psti, recordFixture("uk-psti"), true)).toEqual({ recordValid: true, warnings: [] });
    // The same product fields checked as a same-scheme record: the declaration fields are now missing.
    const same = checkTarget(psti, products, true);
    expect(same.recordValid).toBe(false);
    expect(same.warnings.map((w) => w.code)).toContain("required-missing");
  });
});

describe("mapping: what goes into and comes out of the maps", () => {
  it("carries no scheme-specific identity into another scheme, and leaves the record itself alone", () => {
    const record = canonical((r) => {
      r.registrationId = "R-1";
      r.schemeVersion = "1.0";
      r.issuer = { name: "IPA", assessor: "Lab", assessmentMode: "self-declaration" };
    });
    const projected = projectFor(record);
    expect(projected).toMatchObject({ registrationId: null, level: null, schemeVersion: null });
    expect(projected.issuer).toEqual({ name: null, assessor: null, assessmentMode: null });
    expect(projected.holder).toBe(record.holder);
    expect(record.registrationId).toBe("R-1");
  });

  it("splits per model only where the target holds one model per record", () => {
    const three = projectFor(canonical((r) => r.product.models.push("A", "B", "C")));
    const perModel = { map: { oneRecordPer: "model" } } as Parameters<typeof perRecord>[1];
    const whole = { map: {} } as Parameters<typeof perRecord>[1];
    expect(perRecord(three, whole)).toEqual([{ model: null, canonical: three }]);
    expect(perRecord(three, perModel).map((v) => [v.model, v.canonical.product.models])).toEqual([
      ["A", ["A"]],
      ["B", ["B"]],
      ["C", ["C"]],
    ]);
    const one = projectFor(canonical((r) => r.product.models.push("A")));
    expect(perRecord(one, perModel)).toEqual([{ model: "A", canonical: one }]);
    const none = projectFor(canonical());
    expect(perRecord(none, perModel)).toEqual([{ model: null, canonical: none }]);
  });

  it("withholds the target's grant and declaration fields across schemes, and keeps them within one", () => {
    const jc = format("jc-star");
    const record = canonical((r) => {
      r.registrationId = "R-1";
      r.dates.issued = "2025-04-01";
    });
    const across = mapFromCanonical(jc, record, { same: false, nativeOriginal: undefined });
    const grants = jc.fields.filter((f) => f.setBy !== "product").map((f) => f.name);
    expect([...across.withheld].sort()).toEqual([...grants].sort());
    for (const name of grants) expect(across.output[name]).toBeUndefined();
    const within = mapFromCanonical(jc, record, { same: true, nativeOriginal: undefined });
    expect(within.withheld.size).toBe(0);
    expect(within.output.registrationNumber).toBe("R-1");
  });
});

describe("rendering: one target record and its warnings", () => {
  it("says each warning once, even when it was already said for another model's record", () => {
    const psti = format("uk-psti");
    const projected = projectFor(canonical());
    const warnings: TranslationWarning[] = [];
    const context = { same: false, nativeOriginal: undefined, warnings };
    render(psti, { model: null, canonical: projected }, context);
    const first = warnings.length;
    expect(first).toBeGreaterThan(0);
    const again = render(psti, { model: "B", canonical: projected }, context);
    expect(warnings).toHaveLength(first);
    expect(again).toMatchObject({ model: "B", recordValid: false });
  });
});

describe("ingest: a support period written as text", () => {
  const period = (text: string, end: string | null = null) => {
    const record = canonical((r) => {
      r.dates.supportPeriodText = text;
      r.dates.supportPeriodEnd = end;
    });
    const warnings: TranslationWarning[] = [];
    normaliseSupportPeriod(record, warnings);
    return { end: record.dates.supportPeriodEnd, codes: warnings.map((w) => w.code) };
  };

  it("takes an ISO date or a day.month.year date as the end date", () => {
    expect(period("security updates until 2031-03-31")).toEqual({ end: "2031-03-31", codes: [] });
    expect(period("until 1/12/2030")).toEqual({ end: "2030-12-01", codes: [] });
  });

  it("flags a date that does not exist as it flags a relative period", () => {
    expect(period("until 31.02.2030")).toEqual({ end: null, codes: ["support-period-relative"] });
    expect(period("5 years after general availability")).toEqual({ end: null, codes: ["support-period-relative"] });
  });

  it("leaves an end date the record already has", () => {
    expect(period("5 years after general availability", "2030-01-01")).toEqual({ end: "2030-01-01", codes: [] });
  });
});

describe("recognition: status and the rules that stand for fields", () => {
  it("reads an active record past its valid-until date as expired, not on the date itself", () => {
    const until = canonical((r) => {
      r.dates.validUntil = "2027-03-31";
    });
    expect(effectiveStatus(until, "2027-03-31")).toBe("active");
    expect(effectiveStatus(until, "2027-04-01")).toBe("expired");
    expect(effectiveStatus({ ...until, status: "suspended" }, "2027-04-01")).toBe("suspended");
    expect(effectiveStatus(canonical(), "2099-01-01")).toBe("active");
  });

  it("cites the first rule in force that stands for each kind of field, and no rule that stands for none", () => {
    const catalog = {
      catalog: {
        arrangements: [
          { id: "a1", rules: [{ id: "r0" }, { id: "r1", standsFor: ["declaration"] }] },
          { id: "a2", rules: [{ id: "r2", standsFor: ["declaration", "grant"] }] },
        ],
      },
    } as unknown as CatalogIndex;
    const applied = (arrangement: string, rule: string) => ({ arrangement, rule, title: `${arrangement} ${rule}` });
    const answer = {
      legal: { rules: [applied("a1", "r0"), applied("a1", "r1"), applied("a2", "r2"), applied("gone", "r9")] },
    } as unknown as EquivalenceAnswer;
    expect(Object.fromEntries(standing(catalog, answer))).toEqual({
      declaration: { arrangement: "a1", rule: "r1", title: "a1 r1" },
      grant: { arrangement: "a2", rule: "r2", title: "a2 r2" },
    });
  });
});

describe("unmapped-list: the canonical values a record holds", () => {
  it("lists filled leaves by dotted path, not empty ones, the native original, the results, scheme or status", () => {
    const record = canonical((r) => {
      r.product.models = ["A"];
      r.holder.address = "";
      r.native = { scheme: "jc-star", record: { a: 1 } };
      r.requirementResults = [{ requirement: "x", result: "pass", evidence: [] } as never];
    });
    expect(populatedLeaves(record).sort()).toEqual(["holder.name", "level", "product.models", "product.name"]);
  });
});
