import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webCryptoSha256 } from "../../src/deps.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { catalogIndex, engine } from "../helpers/engine.ts";
import { recordArbitrary } from "../helpers/record-arbitrary.ts";

const translator = new Translator(catalogIndex, engine, webCryptoSha256);

describe("native → canonical → native of the same scheme keeps everything", () => {
  for (const map of catalogIndex.catalog.recordMaps) {
    it(`${map.scheme}`, async () => {
      await fc.assert(
        fc.asyncProperty(recordArbitrary(map.scheme), async (record) => {
          const result = await translator.translate({
            from: map.scheme,
            to: map.scheme,
            format: "native",
            record,
            asOf: "2026-01-01",
          });
          // Every field, those no canonical field carries included (restored from the native original); derived
          // fields may be added (a CLS expiry read from the registration ID).
          expect(result.record).toMatchObject(record);
          expect(result.records).toHaveLength(1);
          expect(result.unmapped.filter((u) => u.code !== "no-target-field")).toEqual([]);
        }),
        { numRuns: 60 },
      );
    });
  }
});
