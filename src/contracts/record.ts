import { z } from "@hono/zod-openapi";
import { IsoDate, Slug } from "./common.ts";
import { AssuranceMode } from "./scheme.ts";

/**
 * The canonical certification record every native format maps to and from. Shaped after the UNTP Digital Conformity
 * Credential / W3C VC 2.0 split (docs/data-model.md, "The canonical record"): `issuer` (who attests), `holder` (whose product), `product`
 * (credentialSubject), `scheme`/`level` (the conformity profile), `requirementResults` (the per-criterion
 * assessment), dates and evidence URLs — so that wrapping it in a credential later is a mapping, not a redesign.
 * Unknown values are null, never guessed.
 */

export const requirementResultValues = ["pass", "fail", "partial", "not-assessed", "not-applicable"] as const;
export const RequirementResultValue = z.enum(requirementResultValues).openapi("RequirementResultValue");
export type RequirementResultValue = z.infer<typeof RequirementResultValue>;

export const RequirementResult = z
  .object({
    requirement: z.string().min(1),
    result: RequirementResultValue,
    evidence: z.array(z.object({ description: z.string().min(1).optional(), url: z.url().optional() })).default([]),
  })
  .openapi("RequirementResult");
export type RequirementResult = z.infer<typeof RequirementResult>;

export const recordStatuses = ["active", "suspended", "withdrawn", "expired"] as const;

export const CanonicalRecord = z
  .object({
    scheme: Slug,
    schemeVersion: z.string().nullable(),
    level: z.string().min(1),
    registrationId: z
      .string()
      .nullable()
      .describe("the scheme's record id; null where the scheme has none (PSTI, CRA)"),
    status: z.enum(recordStatuses),
    issuer: z.object({
      name: z.string().nullable().describe("who grants or attests: IPA, CSA, a CLA, or the manufacturer itself"),
      assessor: z.string().nullable().describe("test lab, evaluation body or notified body, where there is one"),
      // A union, not `.nullable()`: on a registered schema that is documented as an `allOf` no null satisfies.
      assessmentMode: z.union([AssuranceMode, z.null()]).describe("how the level is assessed; from the catalog"),
    }),
    holder: z.object({
      name: z.string().min(1),
      address: z.string().nullable(),
      identifiers: z.array(z.object({ type: z.string().min(1), value: z.string().min(1) })).default([]),
    }),
    product: z.object({
      name: z.string().min(1),
      type: z.string().nullable(),
      models: z.array(z.string().min(1)).default([]),
      hardwareVersion: z.string().nullable(),
      softwareVersion: z.string().nullable(),
      category: Slug.nullable().describe("a term of the shared product-category vocabulary, where known"),
    }),
    dates: z.object({
      issued: IsoDate.nullable(),
      validUntil: IsoDate.nullable(),
      supportPeriodEnd: IsoDate.nullable(),
      supportPeriodText: z.string().nullable().describe("the support period as written, when it is not a date"),
    }),
    urls: z.object({
      registry: z.url().nullable().describe("registry entry or label QR target"),
      document: z.url().nullable().describe("statement / declaration document"),
      supportContact: z.url().nullable(),
    }),
    requirementResults: z.array(RequirementResult).default([]),
    native: z
      .object({ scheme: Slug, record: z.record(z.string(), z.unknown()) })
      .nullable()
      .describe("the original native record, kept verbatim"),
  })
  .openapi("CanonicalRecord");
export type CanonicalRecord = z.infer<typeof CanonicalRecord>;

/** An empty canonical record: every field present, unknowns null — field maps fill it in. */
export function emptyCanonical(scheme: string): CanonicalRecord {
  return {
    scheme,
    schemeVersion: null,
    level: "",
    registrationId: null,
    status: "active",
    issuer: { name: null, assessor: null, assessmentMode: null },
    holder: { name: "", address: null, identifiers: [] },
    product: { name: "", type: null, models: [], hardwareVersion: null, softwareVersion: null, category: null },
    dates: { issued: null, validUntil: null, supportPeriodEnd: null, supportPeriodText: null },
    urls: { registry: null, document: null, supportContact: null },
    requirementResults: [],
    native: null,
  };
}
