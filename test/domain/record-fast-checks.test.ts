import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { annotatedJsonSchema, generateRecordChecksModule } from "../../scripts/codegen/record-checks.ts";
import { CanonicalRecord, emptyCanonical } from "../../src/contracts/record.ts";
import type { RecordFieldFile } from "../../src/contracts/scheme.ts";
import { applyRules, compileRules } from "../../src/record-formats/field-map.ts";
import { generatedRecordChecks } from "../../src/record-formats/generated-checks.ts";
import { nativeRecordSchema } from "../../src/record-formats/native-schema.ts";
import { plainHttpUrl } from "../../src/record-formats/plain-url.ts";
import type { AcceptCheck } from "../../src/record-formats/record-parse.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { catalogIndex } from "../helpers/engine.ts";
import { recordArbitrary } from "../helpers/record-arbitrary.ts";
import { recordFixture } from "../helpers/records.ts";

/**
 * The build's accept-only record checks (generated/record-checks.js, from scripts/codegen/record-checks.ts) against the
 * zod schemas they were generated from, in the one direction that matters: whatever a check accepts, zod accepts,
 * with deep-equal data (trimmed strings, filled defaults, stripped keys, the same key order, new objects where zod
 * makes new ones). What a check refuses goes to zod, which writes every error, so refusals need no agreement; the
 * checks must only accept every sample and fixture, so that real records take the fast way.
 */

/** Property-test size: PROPERTY_RUNS=2000 for a long run; the default keeps the suite quick on a shared machine. */
const runs = Number(process.env.PROPERTY_RUNS ?? 150);
/** Thousands of zod parses: room for a machine shared with other work (no assertion is about time). */
const heavy = 60_000;

/**
 * Where zod's output holds an object or list of the input itself (z.unknown values) the check's output must too, and
 * where zod made a new one so must the check: a caller may change the data without changing the input.
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

/** Runs the check; when it accepts, asserts zod accepts with the same data. Returns whether the check accepted. */
function acceptedAsZodDoes(accept: AcceptCheck, schema: z.ZodType, input: unknown): boolean {
  const data = accept(input);
  if (data === undefined) return false;
  const reference = schema.safeParse(input);
  expect(reference.success ? [] : reference.error.issues, "the check accepted what zod rejects").toEqual([]);
  expect(data).toStrictEqual(reference.data);
  expect(JSON.stringify(data)).toBe(JSON.stringify(reference.data));
  expectSameSharing(data, reference.data, input);
  return true;
}

/** Values clients send where a field wants another: each type's edge cases and the other types' ordinary values. */
const awkward: unknown[] = [
  undefined,
  null,
  "",
  "   ",
  " padded ",
  "\tpadded\n",
  "padded\u00a0",
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
  "２０２６-01-01",
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
  "https://xn--bcher-kva.example/",
  "http://1.2.3.4/",
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
      name: fc.constantFrom("notes", "extra", "__proto__", "constructor", "toString", "0", "level "),
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

describe("the generated record checks", () => {
  it("are the ones the build wrote for this catalog, as the generator would write them now", () => {
    expect(generatedRecordChecks.digest).toBe(catalogIndex.digest);
    const written = readFileSync(join(projectRoot, "generated/record-checks.js"), "utf8");
    expect(written).toBe(generateRecordChecksModule(catalogIndex.catalog));
  });

  it("cover every scheme with a record format", () => {
    expect(formats.length).toBeGreaterThanOrEqual(5);
    for (const { scheme } of formats) expect(Object.keys(generatedRecordChecks.formats)).toContain(scheme);
  });

  it("would catch a check that accepts what zod rejects, or answers other data", () => {
    const { fields, sample } = formats[0] ?? { fields: [], sample: {} as Record<string, unknown> };
    const schema = nativeRecordSchema(fields);
    const field = fields.find((f) => f.required && f.type === "string");
    if (!field) throw new Error("no required string field to test with");
    const { [field.name]: _, ...without } = sample;
    expect(() => acceptedAsZodDoes((v) => v, schema, without)).toThrow();
    expect(() => acceptedAsZodDoes((v) => v, schema, { ...sample, [field.name]: " padded " })).toThrow();
    // The same values but the input itself: zod's output is a new object.
    expect(() => acceptedAsZodDoes((v) => v, schema, sample)).toThrow();
  });

  it("stop the build on a zod check they do not know, rather than guess", () => {
    for (const schema of [
      z.string().toLowerCase(),
      z.string().refine((v) => v !== "x"),
      z.email(),
      z.url({ hostname: /^example\.org$/ }),
      z.string().regex(/^a/i),
      z.string().transform((v) => v.length),
      z.literal("x"),
    ]) {
      expect(() => annotatedJsonSchema(schema), String(schema._zod.def.type)).toThrow();
    }
  });
});

describe("native record checks accept only what nativeRecordSchema accepts, with its data", () => {
  for (const { scheme, fields, sample } of formats) {
    const subsets = { all: fields, product: fields.filter((f) => f.setBy === "product") };
    for (const [subset, declared] of Object.entries(subsets)) {
      const accept = generatedRecordChecks.formats[scheme]?.[subset as "all" | "product"] as AcceptCheck;
      const schema = nativeRecordSchema(declared);
      const check = (record: unknown) => acceptedAsZodDoes(accept, schema, record);
      const own = (record: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(record).filter(([key]) => declared.some((f) => f.name === key)));

      it(`${scheme} (${subset} fields): the sample and the fixture take the fast way; non-objects`, () => {
        expect(check(own(sample)), "the sample").toBe(true);
        expect(check(own(recordFixture(scheme))), "the fixture").toBe(true);
        expect(check(Object.fromEntries(Object.entries(own(sample)).reverse()))).toBe(true);
        // Parsed from JSON, as a request body is.
        expect(check(JSON.parse(JSON.stringify(own(sample))))).toBe(true);
        if (subset === "all") expect(check(sample)).toBe(true);
        for (const value of [null, undefined, "record", 1, [], [sample], new Date(0), Object.create(null)]) {
          check(value);
        }
        check(Object.assign(Object.create(null), own(sample)));
        check(JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(own(sample)).slice(1)}`));
      });

      it(
        `${scheme} (${subset} fields): each field given each awkward value, and left out`,
        () => {
          for (const field of declared) {
            for (const value of valuesFor(field)) check({ ...own(sample), [field.name]: value });
            const { [field.name]: _, ...without } = own(sample);
            check(without);
          }
        },
        heavy,
      );

      it(
        `${scheme} (${subset} fields): generated records, valid and mutated`,
        () => {
          const generated = recordArbitrary(scheme).map(own);
          let accepted = 0;
          fc.assert(
            fc.property(fc.oneof(generated, mutated(generated, declared)), (record) => {
              if (check(record)) accepted++;
            }),
            { numRuns: runs },
          );
          expect(accepted, "some generated records take the fast way").toBeGreaterThan(0);
        },
        heavy,
      );
    }
  }
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
  "issuer.assessmentMode",
  "holder",
  "holder.name",
  "holder.address",
  "holder.identifiers",
  "holder.identifiers.0",
  "holder.identifiers.0.type",
  "product.name",
  "product.models",
  "product.models.0",
  "product.category",
  "dates",
  "dates.issued",
  "dates.validUntil",
  "dates.supportPeriodText",
  "urls.registry",
  "urls.document",
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

describe("the canonical record check accepts only what CanonicalRecord accepts, with its data", () => {
  const check = (record: unknown) => acceptedAsZodDoes(generatedRecordChecks.canonical, CanonicalRecord, record);
  const maps = catalogIndex.catalog.recordMaps;

  it("canonical records mapped from every sample and fixture take the fast way; non-objects", () => {
    for (const map of maps) {
      const sample = catalogIndex.scheme(map.scheme)?.recordFormat?.sample ?? {};
      expect(check(canonicalFrom(map.scheme, sample)), `${map.scheme} sample`).toBe(true);
      expect(check(canonicalFrom(map.scheme, recordFixture(map.scheme))), `${map.scheme} fixture`).toBe(true);
      const canonical = canonicalFrom(map.scheme, sample);
      // Keys in another order than the schema's: zod's output follows the schema.
      expect(check(Object.fromEntries(Object.entries(canonical).reverse()))).toBe(true);
      const results = [{ requirement: "5.1-1", result: "pass", evidence: [{ url: "https://example.org/r" }, {}] }];
      expect(check({ ...canonical, requirementResults: results })).toBe(true);
      // A canonical record as a client sends one (format: canonical): parsed from JSON.
      expect(check(JSON.parse(JSON.stringify(canonical)))).toBe(true);
    }
    for (const value of [null, undefined, "record", 1, [], new Date(0)]) check(value);
    check(emptyCanonical("jc-star"));
  });

  it(
    "every path given every awkward value, and left out",
    () => {
      const base = canonicalFrom(maps[0]?.scheme ?? "", recordFixture(maps[0]?.scheme ?? ""));
      for (const path of canonicalPaths) {
        for (const value of canonicalValues) check(setPath(base, path, value));
      }
    },
    heavy,
  );

  it(
    "canonical records mapped from generated records, valid and mutated",
    () => {
      for (const map of maps) {
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
        let accepted = 0;
        fc.assert(
          fc.property(fc.oneof(canonical, changed), (record) => {
            if (check(record)) accepted++;
          }),
          { numRuns: runs },
        );
        expect(accepted, `${map.scheme}: some generated records take the fast way`).toBeGreaterThan(0);
      }
    },
    heavy,
  );
});

describe("plainHttpUrl, the checks' test for URLs", () => {
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
      { numRuns: Math.max(runs * 10, 500) },
    );
    expect(plain).toBeGreaterThan(10);
    expect(plainHttpUrl("https://example.org/a?b#c")).toBe(true);
    for (const url of ["https://xn--a.com/", "http://1.2.3.4/", "http://exa mple", "https://", "ftp://a.b"]) {
      expect(plainHttpUrl(url), url).toBe(false);
    }
  });
});
