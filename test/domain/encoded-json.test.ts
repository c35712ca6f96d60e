import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webCryptoSha256 } from "../../src/deps.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { concat, encodeJson, shared } from "../../src/lib/encoded-json.ts";
import { generatedRecordChecks } from "../../src/records/generated-checks.ts";
import { generatedFieldMaps } from "../../src/records/generated-maps.ts";
import { present } from "../../src/routes/translations/translations.handlers.ts";
import { catalogIndex, engine } from "../helpers/engine.ts";
import { recordArbitrary } from "../helpers/record-arbitrary.ts";

/**
 * Translations are written from their unmapped entries' bytes, encoded once (src/lib/encoded-json.ts). The promise:
 * byte for byte what JSON.stringify would have written, whatever the rest of the answer holds.
 */
const decoder = new TextDecoder();
const decoded = (value: Record<string, unknown>) => decoder.decode(encodeJson(value));

describe("encodeJson", () => {
  it("is JSON.stringify, encoded, for any object and any mix of shared and plain items", () => {
    const item = fc.record({ field: fc.string(), reason: fc.record({ en: fc.string(), ja: fc.string() }) });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.tuple(item, fc.boolean())),
        fc.nat(),
        (rest, items, position) => {
          const list = items.map(([value, share]) => (share ? shared(structuredClone(value)) : value));
          // The array anywhere among the other keys (key order is part of the promise), and under its own name too.
          const keys = Object.keys(rest);
          const at = keys.length === 0 ? 0 : position % (keys.length + 1);
          const value: Record<string, unknown> = {};
          for (const k of keys.slice(0, at)) value[k] = rest[k];
          value.list = list;
          for (const k of keys.slice(at)) value[k] = rest[k];
          expect(decoded(value)).toBe(JSON.stringify(value));
        },
      ),
    );
  });

  it("writes shared members and items wherever they are, and leaves out what JSON.stringify leaves out", () => {
    const tricky = {
      a: '日本語 \u2028 "q" \\',
      gone: undefined,
      own: shared({ b: { c: "d" } }),
      list: [shared({ x: "日本語" }), { y: null }, undefined, shared({ z: [1, 2] })],
      nested: { deep: shared({ e: 1 }) },
      f: () => 1,
      last: [],
    };
    expect(decoded(tricky)).toBe(JSON.stringify(tricky));
    expect(decoded({})).toBe("{}");
    expect(decoded({ only: undefined, list: [shared({ x: 1 })] })).toBe('{"list":[{"x":1}]}');
  });

  it("freezes what it shares, all the way down, so that no answer can change another's", () => {
    const entry = shared({ field: "f", reason: { en: "e", ja: "j" }, rule: { id: "r" } });
    expect(Object.isFrozen(entry) && Object.isFrozen(entry.reason) && Object.isFrozen(entry.rule)).toBe(true);
    expect(() => {
      (entry.reason as { en: string }).en = "changed";
    }).toThrow(TypeError);
  });

  it("concatenates byte arrays in order", () => {
    const bytes = concat([new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]);
    expect([...bytes]).toEqual([1, 2, 3]);
  });
});

describe("translations written from encoded entries", () => {
  // As the servers build it: generated field maps and record checks.
  const translator = new Translator(catalogIndex, engine, webCryptoSha256, generatedFieldMaps, generatedRecordChecks);
  const schemes = catalogIndex.catalog.recordMaps.map((m) => m.scheme).sort();
  const pairs = schemes.flatMap((from) => schemes.map((to) => [from, to] as const));

  it("are the JSON.stringify text of the answer, for every pair, on generated records, at three dates", async () => {
    for (const [from, to] of pairs) {
      await fc.assert(
        fc.asyncProperty(
          recordArbitrary(from),
          fc.constantFrom("2025-06-01", "2026-03-01", "2028-01-01"),
          fc.constantFrom(undefined, "recognition" as const),
          async (record, asOf, include) => {
            const result = present(await translator.translate({ from, to, format: "native", record, asOf }), include);
            expect(decoded(result)).toBe(JSON.stringify(result));
          },
        ),
        { numRuns: 15 },
      );
    }
  });

  it("share one entry per field and reason: two records of a direction list the same objects", async () => {
    const record = catalogIndex.scheme(schemes[0] ?? "")?.recordFormat?.sample as Record<string, unknown>;
    const to = schemes[1] ?? "";
    const first = await translator.translate({
      from: schemes[0] ?? "",
      to,
      format: "native",
      record,
      asOf: "2026-03-01",
    });
    const second = await translator.translate({
      from: schemes[0] ?? "",
      to,
      format: "native",
      record: { ...record },
      asOf: "2026-03-01",
    });
    expect(first.unmapped.length).toBeGreaterThan(0);
    for (const [index, entry] of first.unmapped.entries()) expect(second.unmapped[index]).toBe(entry);
  });
});
