import { z } from "@hono/zod-openapi";
import { AsOfDate, IsoDate, Slug } from "./common.ts";
import { Relationship } from "./crosswalk.ts";
import { EquivalenceAnswer } from "./equivalence.ts";
import { CanonicalRecord, RequirementResultValue } from "./record.ts";

export const TranslationRequest = z
  .strictObject({
    from: Slug.openapi({ example: "jc-star" }),
    to: Slug.openapi({ example: "uk-psti" }),
    format: z
      .enum(["native", "canonical"])
      .default("native")
      .describe("whether `record` is in the source scheme's native format or the canonical one"),
    record: z.record(z.string(), z.unknown()).describe("the record to translate"),
    asOf: AsOfDate.optional().describe("the date recognition is judged on; default today (UTC)"),
  })
  .openapi("TranslationRequest");
export type TranslationRequest = z.infer<typeof TranslationRequest>;

export const TranslatedRequirementResult = z
  .object({
    requirement: z.string(),
    result: RequirementResultValue,
    from: z.array(
      z.object({
        requirement: z.string(),
        result: RequirementResultValue,
        relationship: Relationship,
        derived: z.boolean(),
      }),
    ),
  })
  .openapi("TranslatedRequirementResult");

export const TranslationResult = z
  .object({
    from: Slug,
    to: Slug,
    asOf: IsoDate,
    status: z.enum(["provisional", "recognized"]).describe("recognized only when an arrangement grants recognition"),
    record: z.record(z.string(), z.unknown()).describe("the record in the target scheme's native format"),
    recordValid: z.boolean().describe("whether `record` satisfies the target format's declaration"),
    canonical: CanonicalRecord,
    recognition: EquivalenceAnswer.describe("what the record's own level earns in the target scheme on asOf"),
    requirementResults: z.array(TranslatedRequirementResult),
    unmapped: z.array(z.object({ field: z.string(), reason: z.string() })),
    warnings: z.array(z.object({ field: z.string(), message: z.string() })),
    derivation: z.object({
      sourceDigest: z.string().describe("sha256 of the source record as received"),
      catalogDigest: z.string(),
      fieldMaps: z.array(z.string()),
      path: z.array(z.string()),
    }),
  })
  .openapi("TranslationResult");
export type TranslationResult = z.infer<typeof TranslationResult>;
