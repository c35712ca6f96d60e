import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCanonicalRecord } from "../../src/records/canonical-check.ts";
import type { CheckResult } from "../../src/records/checks.ts";
import { isRealDay, plainHttpUrl } from "../../src/records/checks.ts";
import { applyRules, compileRules } from "../../src/records/field-map.ts";
import { nativeRecordSchema } from "../../src/records/native-schema.ts";
import { nativeRecordCheck } from "../../src/records/record-check.ts";
import { isRealDate } from "../../src/schemas/common.ts";
import { CanonicalRecord, emptyCanonical } from "../../src/schemas/record.ts";
import type { RecordFieldFile } from "../../src/schemas/scheme.ts";
import { catalogIndex } from "../helpers/engine.ts";
import { recordArbitrary } from "../helpers/record-arbitrary.ts";
import { recordFixture } from "../helpers/records.ts";

/**
 * The plain checks the translator runs (src/records/record-check.ts, canonical-check.ts) against the zod schemas they
 * stand in for, which stay the reference: on every sample, fixture, generated record and records mutated in the ways
 * clients get them wrong, the same verdict, the same parsed data when valid (trimmed strings, filled defaults,
 * stripped keys, in the same key order), and the same issues — code, path, message, unrecognized keys — in the same
 * order when not.
 */

type ZodResult = { success: true; data: unknown } | { success: false; error: { issues: readonly ZodIssueLike[] } };
type ZodIssueLike = { code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] };

/** Thousands of zod parses: room for a machine shared with other work (no assertion is about time). */
const heavy = 60_000;

const summary = (issues: readonly ZodIssueLike[]) =>
  issues.map((i) => ({
    code: i.code,
    path: [...i.path],
    message: i.message,
    ...(i.keys ? { keys: [...i.keys] } : {}),
  }));

/**
 * Where zod's output holds an object or list of the input itself (z.unknown values) the plain output must too, and
 * where zod made a new one so must the plain check: a caller may change the data without changing the input.
 */
function expectSameSharing(mine: unknown, reference: unknown, input: unknown, path = ""): void {
  if (typeof reference !== "object" || reference === null) return;
  expect(mine === input, `${path || "/"}: zod ${reference === input ? "keeps" : "copies"} the input's`).toBe(
    reference === input,
  );
  if (typeof input !== "object" || input === null) return;
  for (const key of Object.keys(reference)) {
    const at = (value: unknown) => (value as Record<string, unknown> | undefined)?.[key];
    expectSameSharing(at(mine), at(reference), at(input), `${path}/${key}`);
  }
}

/** Asserts the plain check's result equals zod's; returns whether the value was valid (for coverage counts). */
function expectSame(mine: CheckResult<unknown>, reference: ZodResult, input?: unknown): boolean {
  if (reference.success) {
    expect(mine.success ? [] : summary(mine.issues), "zod accepts this value").toEqual([]);
    if (!mine.success) return false;
    expect(mine.data).toStrictEqual(reference.data);
    expect(JSON.stringify(mine.data)).toBe(JSON.stringify(reference.data));
    expectSameSharing(mine.data, reference.data, input);
    return true;
  }
  expect(mine.success, `zod rejects this value: ${JSON.stringify(summary(reference.error.issues))}`).toBe(false);
  if (!mine.success) expect(summary(mine.issues)).toEqual(summary(reference.error.issues));
  return false;
}

/** Values clients send where a field wants another: each type's edge cases and the other types' ordinary values. */
const awkward: unknown[] = [
  undefined,
  null,
  "",
  "   ",
  " padded ",
  "\tpadded\n",
  "x".repeat(500),
  " ".repeat(3) + "x".repeat(500),
  "x".repeat(501),
  "😀".repeat(300), // 600 UTF-16 units, 300 code points: zod counts code points
  "😀".repeat(501),
  "\uD83D".repeat(2), // lone surrogates count one each
  "x".repeat(20_001),
  "2026-01-31",
  "2026-02-30",
  "2024-02-29",
  "2023-02-29",
  "2026-13-01",
  "2026-1-01",
  " 2026-01-01",
  "2026-01-01T00:00:00Z",
  "https://example.org/a",
  " https://example.org/a ",
  "https://example.org/a\tb\nc",
  "HTTPS://EXAMPLE.ORG",
  "http://exa mple",
  "https://",
  "http:example.com",
  "https:/example.com",
  "ftp://example.org",
  "mailto:a@example.org",
  "example.org",
  "http://[::1]/",
  "http://%zz",
  `https://example.org/${"a".repeat(1990)}`,
  `https://example.org/${"a".repeat(2000)}`,
  "STAR-1",
  "jc-star",
  "a--b",
  "x".repeat(65),
  "true",
  "1",
  0,
  -0,
  1,
  1.5,
  -3,
  2 ** 53,
  -(2 ** 53),
  1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  true,
  false,
  [],
  [""],
  ["  "],
  [" a ", "b"],
  ["a", 1],
  [null],
  [["a"]],
  ["x".repeat(501)],
  Array.from({ length: 5001 }, () => "a"),
  Array.from({ length: 2001 }, () => ""),
  {},
  { length: 0 },
  { a: 1 },
  new Date(0),
  Object.create(null),
];

function valuesFor(field: RecordFieldFile): unknown[] {
  return [...awkward, ...(field.values ?? []), ...(field.values ?? []).map((v) => ` ${v}`)];
}

/** A valid record changed the ways records go wrong: fields dropped, unknown keys, a field given an awkward value. */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>, fields: readonly RecordFieldFile[]) {
  const names = fields.map((f) => f.name);
  const change = fc.oneof(
    fc.record({ kind: fc.constant("drop" as const), name: fc.constantFrom(...names) }),
    fc.record({
      kind: fc.constant("unknown" as const),
      name: fc.constantFrom("notes", "extra", "__proto__", "constructor", "0", "level "),
      value: fc.jsonValue(),
    }),
    fc.constantFrom(...fields).chain((field) =>
      fc.record({
        kind: fc.constant("set" as const),
        name: fc.constant(field.name),
        value: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valuesFor(field)) }, fc.jsonValue()),
      }),
    ),
  );
  const changes = fc.oneof(change, fc.record({ kind: fc.constant("reverse" as const) }));
  return fc.tuple(valid, fc.array(changes, { minLength: 1, maxLength: 4 })).map(([record, changes]) => {
    let out: Record<string, unknown> = { ...record };
    for (const c of changes) {
      if (c.kind === "reverse") out = Object.fromEntries(Object.entries(out).reverse());
      else if (c.kind === "drop") delete out[c.name];
      else Object.defineProperty(out, c.name, { value: c.value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}

const formats = catalogIndex
  .allSchemes()
  .flatMap((s) =>
    s.recordFormat ? [{ scheme: s.id, fields: s.recordFormat.fields, sample: s.recordFormat.sample }] : [],
  );

describe("native record checks ≡ nativeRecordSchema", () => {
  it("cover every scheme with a record format", () => {
    expect(formats.length).toBeGreaterThanOrEqual(5);
  });

  it("would catch a check that disagrees with its schema", () => {
    const { fields, sample } = formats[0] ?? { fields: [], sample: {} as Record<string, unknown> };
    const field = fields.find((f) => f.required && f.type === "string");
    if (!field) throw new Error("no required string field to test with");
    const schema = nativeRecordSchema(fields);
    const lax = nativeRecordCheck(fields.map((f) => (f === field ? { ...f, required: false } : f)));
    const { [field.name]: _, ...without } = sample;
    expect(() => expectSame(lax(without), schema.safeParse(without))).toThrow();
    const untrimmed = nativeRecordCheck(fields.map((f) => (f === field ? { ...f, type: "text" as const } : f)));
    const long = { ...sample, [field.name]: "x".repeat(600) };
    expect(() => expectSame(untrimmed(long), schema.safeParse(long))).toThrow();
  });

  for (const { scheme, fields, sample } of formats) {
    const subsets = { all: fields, product: fields.filter((f) => f.setBy === "product") };
    for (const [subset, declared] of Object.entries(subsets)) {
      const check = nativeRecordCheck(declared);
      const schema = nativeRecordSchema(declared);
      const same = (record: unknown) => expectSame(check(record), schema.safeParse(record), record);
      const own = (record: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(record).filter(([key]) => declared.some((f) => f.name === key)));

      it(`${scheme} (${subset} fields): the sample, the fixture and non-objects`, () => {
        expect(same(own(sample))).toBe(true);
        expect(same(Object.fromEntries(Object.entries(own(sample)).reverse()))).toBe(true);
        // zod reads any object, whatever its prototype: the check's key-by-key way.
        expect(same(Object.assign(Object.create(null), own(sample)))).toBe(true);
        same(sample);
        same(recordFixture(scheme));
        for (const value of [null, undefined, "record", 1, [], [sample], new Date(0), Object.create(null)]) {
          same(value);
        }
      });

      it(
        `${scheme} (${subset} fields): each field given each awkward value`,
        () => {
          let valid = 0;
          for (const field of declared) {
            for (const value of valuesFor(field)) {
              if (same({ ...own(sample), [field.name]: value })) valid++;
            }
            const { [field.name]: _, ...without } = own(sample);
            same(without);
          }
          expect(valid, "some awkward values are valid (trimmed, real dates, enum values)").toBeGreaterThan(0);
        },
        heavy,
      );

      it(
        `${scheme} (${subset} fields): generated records, valid and mutated`,
        () => {
          const generated = recordArbitrary(scheme).map(own);
          let valid = 0;
          fc.assert(
            fc.property(fc.oneof(generated, mutated(generated, declared)), (record) => {
              if (same(record)) valid++;
            }),
            { numRuns: 300 },
          );
          expect(valid).toBeGreaterThan(0);
        },
        heavy,
      );
    }
  }
});

/** A format declaring every field type and option, including those no scheme uses yet (integer, a one-value enum). */
function declared(
  name: string,
  type: RecordFieldFile["type"],
  required: boolean,
  extra: Partial<RecordFieldFile> = {},
): RecordFieldFile {
  const provenance = { confidence: "unconfirmed" as const, cites: [], note: "test" };
  return { name, type, required, ...extra, setBy: "product", description: name, provenance };
}

const everyType: RecordFieldFile[] = [
  declared("name", "string", true),
  declared("code", "string", false, { pattern: "^[A-Z]{2}-\\d+$" }),
  declared("notes", "text", false),
  declared("issued", "date", true),
  declared("link", "url", false),
  declared("count", "integer", false),
  declared("flag", "boolean", true),
  declared("models", "string[]", false),
  declared("kind", "enum", true, { values: ["a", "b", "c"] }),
  declared("only", "enum", false, { values: ["only"] }),
];

describe("native record check ≡ nativeRecordSchema, every field type", () => {
  const check = nativeRecordCheck(everyType);
  const schema = nativeRecordSchema(everyType);
  const same = (record: unknown) => expectSame(check(record), schema.safeParse(record), record);
  const base: Record<string, unknown> = {
    name: "Hub",
    code: "AB-12",
    issued: "2026-01-31",
    flag: true,
    kind: "b",
    count: 3,
    only: "only",
  };

  it("each field given each awkward value, and left out", () => {
    expect(same(base)).toBe(true);
    for (const field of everyType) {
      for (const value of [...valuesFor(field), "AB-1", " AB-1 ", "ab-1", 7, -7, 2 ** 53 - 1]) {
        same({ ...base, [field.name]: value });
      }
      const { [field.name]: _, ...without } = base;
      same(without);
    }
  });

  it("mutated records", () => {
    fc.assert(
      fc.property(mutated(fc.constant(base), everyType), (record) => {
        same(record);
      }),
      { numRuns: 500 },
    );
  });
});

/** What the translator validates: a native record mapped to canonical, with its scheme and native original. */
function canonicalFrom(scheme: string, record: Record<string, unknown>) {
  const map = catalogIndex.catalog.recordMaps.find((m) => m.scheme === scheme);
  if (!map) throw new Error(`no record map for ${scheme}`);
  const { output } = applyRules(compileRules(map.toCanonical), record, emptyCanonical(scheme));
  return { ...output, scheme, native: { scheme, record } } as Record<string, unknown>;
}

/** Dotted paths into the canonical record, with values to put there (awkward, or of the wrong shape). */
const canonicalPaths = [
  "scheme",
  "schemeVersion",
  "level",
  "registrationId",
  "status",
  "issuer",
  "issuer.name",
  "issuer.assessor",
  "issuer.assessmentMode",
  "holder",
  "holder.name",
  "holder.address",
  "holder.identifiers",
  "holder.identifiers.0",
  "holder.identifiers.0.type",
  "product.name",
  "product.type",
  "product.models",
  "product.models.0",
  "product.hardwareVersion",
  "product.category",
  "dates",
  "dates.issued",
  "dates.validUntil",
  "dates.supportPeriodEnd",
  "dates.supportPeriodText",
  "urls.registry",
  "urls.document",
  "urls.supportContact",
  "requirementResults",
  "requirementResults.0",
  "requirementResults.0.requirement",
  "requirementResults.0.result",
  "requirementResults.0.evidence",
  "requirementResults.0.evidence.0",
  "requirementResults.0.evidence.0.description",
  "requirementResults.0.evidence.0.url",
  "requirementResults.0.extra",
  "native",
  "native.scheme",
  "native.record",
  "native.record.__proto__",
  "extra",
  "product.extra",
];

const canonicalValues: unknown[] = [
  ...awkward,
  "active",
  "expired",
  "pass",
  "partial",
  "self-declaration",
  "third-party-testing",
  { type: "vat", value: "GB123" },
  { type: "vat", value: "GB123", extra: 1 },
  ["EX-1", "EX-2"],
  { type: "", value: 1 },
  { requirement: "5.1-1", result: "pass" },
  { requirement: "5.1-1", result: "pass", evidence: [{ url: "https://example.org/e" }], extra: 1 },
  { description: "report", url: " https://example.org/e " },
  { description: "", url: "nope" },
  { scheme: "uk-psti", record: { a: 1 } },
];

/** A copy of `record` with `value` at a dotted path (the containers on the way created where missing). */
function setPath(record: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(record) as Record<string, unknown>;
  const keys = path.split(".");
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== "object" || child === null) {
      node[key] = /^\d+$/.test(keys[keys.indexOf(key) + 1] ?? "") ? [] : {};
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1) ?? "";
  if (value === undefined && !path.includes("__proto__")) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

describe("canonical record check ≡ CanonicalRecord.safeParse", () => {
  const same = (record: unknown) => expectSame(checkCanonicalRecord(record), CanonicalRecord.safeParse(record), record);
  const maps = catalogIndex.catalog.recordMaps;

  it("canonical records mapped from every sample and fixture, and non-objects", () => {
    for (const map of maps) {
      const sample = catalogIndex.scheme(map.scheme)?.recordFormat?.sample ?? {};
      const canonical = canonicalFrom(map.scheme, sample);
      expect(same(canonical)).toBe(true);
      // Keys in another order than the schema's: zod's output follows the schema.
      expect(same(Object.fromEntries(Object.entries(canonical).reverse()))).toBe(true);
      // Requirement results and objects without a prototype: the full check's way through a valid record.
      const bare = (value: object) => Object.assign(Object.create(null), value);
      const results = [
        bare({ requirement: "5.1-1", result: "pass", evidence: [bare({ url: "https://example.org/r" })] }),
      ];
      const withResults = bare({ ...canonical, issuer: bare(canonical.issuer as object), requirementResults: results });
      expect(same(withResults)).toBe(true);
      same(canonicalFrom(map.scheme, recordFixture(map.scheme)));
    }
    for (const value of [null, undefined, "record", 1, [], new Date(0)]) same(value);
    same(emptyCanonical("jc-star"));
  });

  it(
    "every path given every awkward value, and left out",
    () => {
      const base = canonicalFrom(maps[0]?.scheme ?? "", recordFixture(maps[0]?.scheme ?? ""));
      let valid = 0;
      for (const path of canonicalPaths) {
        for (const value of canonicalValues) {
          if (same(setPath(base, path, value))) valid++;
        }
      }
      expect(valid).toBeGreaterThan(0);
    },
    heavy,
  );

  it(
    "canonical records mapped from generated records, valid and mutated",
    () => {
      for (const map of maps) {
        // The translator maps valid native records only; the changes below are made to the canonical record.
        const canonical = recordArbitrary(map.scheme).map((record) => canonicalFrom(map.scheme, record));
        const changed = fc
          .tuple(
            canonical,
            fc.array(
              fc.tuple(
                fc.constantFrom(...canonicalPaths),
                fc.oneof(fc.constantFrom(...canonicalValues), fc.jsonValue()),
              ),
              { minLength: 1, maxLength: 3 },
            ),
          )
          .map(([record, changes]) => changes.reduce<unknown>((r, [path, value]) => setPath(r, path, value), record));
        fc.assert(
          fc.property(fc.oneof(canonical, changed), (record) => {
            same(record);
          }),
          { numRuns: 200 },
        );
      }
    },
    heavy,
  );
});

describe("plainHttpUrl, the URL parser's short way", () => {
  it("answers true only for http(s) URLs the WHATWG parser accepts as they are", () => {
    const part = fc.stringMatching(/^[A-Za-z0-9.:@%\\/?#\-_~ \t]{0,12}$/);
    const urls = fc.oneof(
      fc
        .tuple(fc.constantFrom("http://", "https://", "HTTPS://", "ftp://", "http:/", ""), part, part)
        .map((p) => p.join("")),
      fc
        .tuple(fc.constantFrom("https://"), fc.domain(), fc.constantFrom("", "/", ":80/", ":99999", "?q=1", "#x", "/ä"))
        .map((p) => p.join("")),
      fc.constantFrom(
        "https://xn--a.com/",
        "https://xn--bcher-kva.example/",
        "http://1.2.3.4/",
        "http://a.1/",
        "http://a-.b/",
      ),
    );
    let plain = 0;
    fc.assert(
      fc.property(urls, (url) => {
        if (!plainHttpUrl(url)) return;
        plain++;
        expect(URL.canParse(url), url).toBe(true);
        expect(["http:", "https:"]).toContain(new URL(url).protocol);
        expect(url).toBe(url.trim().replace(/[\t\n\r]/g, ""));
      }),
      { numRuns: 2000 },
    );
    expect(plain).toBeGreaterThan(100);
    expect(plainHttpUrl("https://example.org/a?b#c")).toBe(true);
    for (const url of ["https://xn--a.com/", "http://1.2.3.4/", "http://exa mple", "https://", "ftp://a.b"]) {
      expect(plainHttpUrl(url), url).toBe(false);
    }
  });
});

describe("isRealDay", () => {
  it("answers as isRealDate does, on any string", () => {
    const digits = fc.stringMatching(/^[0-9]{1,4}$/);
    const dates = fc.oneof(
      fc
        .tuple(digits, digits, digits)
        .map(
          ([y, m, d]) => `${y.padStart(4, "0")}-${m.slice(0, 2).padStart(2, "0")}-${d.slice(0, 2).padStart(2, "0")}`,
        ),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        "2024-02-29",
        "2100-02-29",
        "2000-02-29",
        "2026-04-31",
        "2026-00-10",
        "2026-01-00",
        "2026/01/01",
        "２０２６-01-01",
      ),
    );
    fc.assert(
      fc.property(dates, (date) => {
        expect(isRealDay(date), date).toBe(isRealDate(date));
      }),
      { numRuns: 5000 },
    );
  });
});
