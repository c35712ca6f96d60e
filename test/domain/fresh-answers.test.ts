import { describe, expect, it } from "vitest";
import { webCryptoSha256 } from "../../src/deps.ts";
import { summariseRecognition } from "../../src/domain/translation/recognition-summary.ts";
import { TargetWarnings } from "../../src/domain/translation/target-warnings.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { concat } from "../../src/lib/concat-bytes.ts";
import { generatedRecordChecks } from "../../src/record-formats/generated-checks.ts";
import { generatedFieldMaps } from "../../src/record-formats/generated-maps.ts";
import { catalogIndex, engine } from "../helpers/engine.ts";

/**
 * Domain code is pure (docs/architecture.md): a translation, its unmapped entries and warnings, and the recognition
 * summary are new values the caller owns — nothing frozen, nothing shared with another answer or with the engine's
 * memo — so one caller changing its answer cannot change another's. (Before, entries and summaries were frozen and
 * shared between answers so that their encoded bytes could be reused.)
 */
const translator = new Translator(catalogIndex, engine, webCryptoSha256, generatedFieldMaps, generatedRecordChecks);
const record = catalogIndex.scheme("jc-star")?.recordFormat?.sample as Record<string, unknown>;
const request = { from: "jc-star", to: "uk-psti", format: "native" as const, record, asOf: "2026-01-15" };

/** Every object and array reachable from `value`. */
function objectsIn(value: unknown, out = new Set<object>()): Set<object> {
  if (value !== null && typeof value === "object" && !out.has(value)) {
    out.add(value);
    for (const child of Object.values(value)) objectsIn(child, out);
  }
  return out;
}

describe("translations are fresh values", () => {
  it("two translations of the same record share no object, and none is frozen", async () => {
    const first = await translator.translate(request);
    const second = await translator.translate({ ...request, record: { ...record } });
    expect(second).toEqual(first);
    expect(first.unmapped.length).toBeGreaterThan(0);
    const seen = objectsIn(first);
    // Catalog facts the translator hands on by reference (the engine's recognition answer) are not this issue's: the
    // unmapped entries and warnings are.
    for (const part of [second.unmapped, second.warnings]) {
      for (const object of objectsIn(part)) {
        expect(seen.has(object)).toBe(false);
        expect(Object.isFrozen(object)).toBe(false);
      }
    }
  });

  it("a caller changing its answer's entries does not change the next answer", async () => {
    const first = await translator.translate(request);
    const entry = first.unmapped[0] as (typeof first.unmapped)[number];
    const original = structuredClone(entry);
    entry.reason.en = "changed by a caller";
    entry.field = "changed";
    const next = await translator.translate(request);
    expect(next.unmapped[0]).toEqual(original);
  });

  it("target warnings are new objects each time, with the same words", () => {
    const warnings = new TargetWarnings({ formatName: "a format", grantedBy: { en: "a body", ja: "機関" } });
    const one = warnings.requiredMissing("serial", "grant");
    const two = warnings.requiredMissing("serial", "grant");
    expect(two).toEqual(one);
    expect(two).not.toBe(one);
    expect(two.message).not.toBe(one.message);
    expect(Object.isFrozen(one) || Object.isFrozen(one.message)).toBe(false);
    const invalid = warnings.invalidValue("serial", "too_big");
    expect(warnings.invalidValue("serial", "too_big")).not.toBe(invalid);
  });
});

describe("the recognition summary", () => {
  it("is a new value each call, sharing nothing with the engine's answer", async () => {
    const { recognition } = await translator.translate(request);
    expect(recognition.legal.rules.length).toBeGreaterThan(0);
    const one = summariseRecognition(recognition);
    const two = summariseRecognition(recognition);
    expect(two).toEqual(one);
    const answerObjects = objectsIn(recognition);
    for (const object of objectsIn(one)) {
      expect(answerObjects.has(object)).toBe(false);
      expect(objectsIn(two).has(object)).toBe(false);
      expect(Object.isFrozen(object)).toBe(false);
    }
    // Changing the summary leaves the answer (which the engine may hand to the next question) alone.
    const sources = structuredClone(recognition.legal.rules[0]?.sources);
    one.rules[0]?.sources.push({ title: "x", url: "https://example.org", locator: null, kind: "secondary" });
    expect(recognition.legal.rules[0]?.sources).toEqual(sources);
  });
});

describe("concat", () => {
  it("puts byte arrays end to end in order", () => {
    const bytes = concat([new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]);
    expect([...bytes]).toEqual([1, 2, 3]);
  });
});
