import { z } from "@hono/zod-openapi";

/**
 * Building blocks shared by every data file kind and by the API.
 *
 * The same zod objects validate the reviewed files in `schemes/` and `mappings/` at build time and describe the API
 * responses in the OpenAPI document, so a field means one thing everywhere.
 */

/** Kebab-case identifier for schemes, levels, vocabulary terms, arrangements and mapping sets. */
export const Slug = z
  .string()
  .regex(/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/, "must be letters, digits and single hyphens (e.g. jc-star, STAR-1)")
  .max(64);

/** A requirement reference as its scheme writes it: "S1.1-02", "5.1-1", "I.2.c", "1". */
export const RequirementRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.()-]*$/, "must be the scheme's own reference, e.g. S1.1-02 or 5.1-1")
  .max(40);

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date, YYYY-MM-DD, that exists (2025-02-30 is rejected). */
export const IsoDate = z
  .string()
  .regex(isoDatePattern, { message: "must be a date written YYYY-MM-DD", abort: true })
  .refine(isRealDate, "must be a real calendar date")
  .openapi({ example: "2026-01-01" });

/**
 * A date a question may be asked about: 2000–2100. Recognition data starts in 2020; the bound keeps every cache from
 * being churned by questions about the year 9999.
 */
export const AsOfDate = IsoDate.refine(
  (d) => d >= "2000-01-01" && d <= "2100-12-31",
  "must be between 2000-01-01 and 2100-12-31",
).openapi({
  // The bounds in the document: years 2000–2100 are exactly the days 2000-01-01..2100-12-31.
  pattern: "^(?:20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$",
  description: "a date from 2000-01-01 to 2100-12-31, YYYY-MM-DD",
});

/** A YYYY-MM-DD that names a day of the Gregorian calendar (arithmetic: a Date round trip costs ~20× more per call). */
export function isRealDate(value: string): boolean {
  if (!isoDatePattern.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/**
 * How far a fact can be trusted: `primary` (the regulator's or standard body's own text), `secondary` (law firm,
 * trade press, test lab) or `unconfirmed` (no source confirms it; kept visible so nobody mistakes it for fact).
 */
export const Confidence = z.enum(["primary", "secondary", "unconfirmed"]);
export type Confidence = z.infer<typeof Confidence>;

/** Weakest first: the order answers use to report the weakest confidence they rest on. */
export const confidenceOrder: readonly Confidence[] = ["unconfirmed", "secondary", "primary"];

export function weakestConfidence(values: Iterable<Confidence>): Confidence {
  let weakest: Confidence = "primary";
  for (const value of values) {
    if (confidenceOrder.indexOf(value) < confidenceOrder.indexOf(weakest)) weakest = value;
  }
  return weakest;
}

/** A document a file cites, declared once per file under `sources:` and cited by its key. */
export const Source = z
  .strictObject({
    title: z.string().min(1),
    url: z.url(),
    publisher: z.string().min(1).optional(),
    published: IsoDate.optional(),
    accessed: IsoDate.optional().describe("the day the source was last checked against the fact it supports"),
    kind: z.enum(["primary", "secondary"]).describe("primary: the regulator's or standard body's own text"),
  })
  .openapi("Source");

export const SourceKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be a source key such as S46");

/** One citation: which declared source, and where in it. */
export const Citation = z
  .strictObject({
    source: SourceKey,
    locator: z.string().min(1).optional().describe('where in the source, e.g. "Schedule 1 para 1"'),
  })
  .openapi("Citation");

/**
 * Every fact carries its provenance. `unconfirmed` facts may cite nothing (that is the point) but must say why in
 * `note`; confirmed facts must cite at least one source (checked in the cross-file checks).
 */
export const Provenance = z
  .strictObject({
    confidence: Confidence,
    cites: z.array(Citation).default([]),
    note: z.string().min(1).optional(),
  })
  .openapi("Provenance");
export type Provenance = z.infer<typeof Provenance>;

/** Product categories a level, rule or crosswalk row applies to; terms come from the shared vocabulary. */
export const ProductScope = z
  .strictObject({
    include: z.array(Slug).min(1).optional().describe("only these categories (and their narrower terms)"),
    exclude: z.array(Slug).min(1).optional().describe("never these categories (and their narrower terms)"),
    note: z.string().min(1).optional(),
  })
  .openapi("ProductScope");
export type ProductScope = z.infer<typeof ProductScope>;
