import { describe, expect, it } from "vitest";
import catalog from "../../generated/catalog.js";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { checkCanonicalRecord } from "../../src/records/canonical-check.ts";
import type { CheckResult } from "../../src/records/checks.ts";
import { applyRules, compileRules } from "../../src/records/field-map.ts";
import { nativeRecordSchema } from "../../src/records/native-schema.ts";
import { nativeRecordCheck } from "../../src/records/record-check.ts";
import { CanonicalRecord, emptyCanonical } from "../../src/schemas/record.ts";

// Inside workerd, whose URL parser is its own and where zod runs without generated code: the plain record checks
// still give zod's answers (test/domain/record-checks.test.ts holds them equal at length on Node).
type Reference = {
  success: boolean;
  data?: unknown;
  error?: { issues: { code: string; path: PropertyKey[]; message: string }[] };
};

function expectSame(mine: CheckResult<unknown>, reference: Reference) {
  const issues = (list: { code: string; path: PropertyKey[]; message: string }[]) =>
    list.map((i) => ({ code: i.code, path: i.path, message: i.message }));
  expect(mine.success ? [] : issues(mine.issues)).toEqual(
    reference.success ? [] : issues(reference.error?.issues ?? []),
  );
  if (mine.success) expect(JSON.stringify(mine.data)).toBe(JSON.stringify(reference.data));
}

const urls = [
  "https://example.org/a",
  " http://EXAMPLE.org:8080/x?y#z ",
  "https://xn--bcher-kva.example/",
  "ftp://example.org",
  "http://exa mple",
  "https://",
  "http://1.2.3.4/",
  "https://a\tb.example/",
];

describe("plain record checks on Workers", () => {
  const index = new CatalogIndex(catalog);

  it("agree with zod on every sample, with URLs and dates put in each URL and date field", () => {
    for (const map of catalog.recordMaps) {
      const format = index.scheme(map.scheme)?.recordFormat;
      if (!format) continue;
      const check = nativeRecordCheck(format.fields);
      const schema = nativeRecordSchema(format.fields);
      expectSame(check(format.sample), schema.safeParse(format.sample));
      for (const field of format.fields) {
        const values =
          field.type === "url" ? urls : field.type === "date" ? ["2026-02-30", "2024-02-29", "x"] : [" ", 1];
        for (const value of values) {
          const record = { ...format.sample, [field.name]: value };
          expectSame(check(record), schema.safeParse(record));
        }
      }
      const { output } = applyRules(compileRules(map.toCanonical), format.sample, emptyCanonical(map.scheme));
      const canonical = {
        ...(output as CanonicalRecord),
        scheme: map.scheme,
        native: { scheme: map.scheme, record: format.sample },
      };
      expectSame(checkCanonicalRecord(canonical), CanonicalRecord.safeParse(canonical));
      for (const value of urls) {
        const changed = { ...canonical, urls: { ...canonical.urls, registry: value } };
        expectSame(checkCanonicalRecord(changed), CanonicalRecord.safeParse(changed));
      }
    }
  });
});
