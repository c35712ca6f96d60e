import { z } from "@hono/zod-openapi";
import { AsOfDate, IsoDate, Slug } from "./common.ts";
import { Relationship } from "./crosswalk.ts";
import { EquivalenceAnswer, LegalRule, Verdict } from "./equivalence.ts";
import { CanonicalRecord, RequirementResultValue } from "./record.ts";
import { fieldSetters } from "./scheme.ts";

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

/** A message for people, in English and Japanese. */
export const BilingualText = z.object({ en: z.string(), ja: z.string() }).openapi("BilingualText");

export const translationWarningCodes = [
  "required-missing",
  "invalid-value",
  "not-convertible",
  "support-period-relative",
  "one-record-per-model",
] as const;

export const TranslationWarning = z
  .object({
    field: z.string().describe("record.<target field>, or canonical.<path> for the canonical record"),
    code: z.enum(translationWarningCodes),
    message: BilingualText.describe("what is missing or wrong, who supplies it, and why"),
  })
  .openapi("TranslationWarning");
export type TranslationWarning = z.infer<typeof TranslationWarning>;

export const unmappedCodes = [
  "issued-by-target",
  "declared-by-manufacturer",
  "stood-for-by-rule",
  "no-canonical-field",
  "no-target-field",
  "not-carried",
] as const;

export const UnmappedField = z
  .object({
    field: z
      .string()
      .describe("a target field (bare name), canonical.<path>, or <source scheme>.<field> for a source field"),
    code: z
      .enum(unmappedCodes)
      .describe(
        "issued-by-target: a grant field only the target's issuing body sets; declared-by-manufacturer: a field of " +
          "the manufacturer's signed document; stood-for-by-rule: such a field a rule in force makes unnecessary; " +
          "no-canonical-field / not-carried: no canonical field carries it; no-target-field: the target has no field",
      ),
    // A plain nullable enum: a named component made nullable loses its null in the generated document.
    setBy: z.enum(fieldSetters).nullable().describe("who sets the target field, where it is one"),
    required: z
      .boolean()
      .describe("the target format requires this field: the target record is not valid until it is supplied"),
    reason: BilingualText,
    rule: z
      .object({ arrangement: z.string(), rule: z.string() })
      .optional()
      .describe("for stood-for-by-rule: the rule in force that says so"),
  })
  .openapi("UnmappedField");
export type UnmappedField = z.infer<typeof UnmappedField>;

export const TargetRecord = z
  .object({
    model: z.string().nullable().describe("the one model this record is for, where the target holds one per record"),
    record: z.record(z.string(), z.unknown()),
    recordValid: z.boolean(),
  })
  .openapi("TargetRecord");

/**
 * What a translation says about recognition unless the full equivalence answer is asked for (?include=recognition):
 * the verdict and the rules that give it, each with its instrument and legal sources, and where the full answer is.
 */
export const RecognitionSummary = z
  .object({
    verdict: Verdict,
    recognized: z.boolean(),
    rules: z.array(
      LegalRule.pick({
        arrangement: true,
        title: true,
        instrument: true,
        rule: true,
        effect: true,
        toLevel: true,
        sources: true,
      }),
    ),
    notApplied: z.number().int().describe("how many rules in this direction do not apply (listed in the full answer)"),
    full: z
      .string()
      .describe(
        "where the full answer is: this request again with ?include=recognition; the level's answer (for a label " +
          "that is not valid, without its rules) is at the equivalence URL in `equivalence`",
      ),
    equivalence: z.string().describe("GET this for the equivalence answer of the record's level on asOf"),
  })
  .openapi("RecognitionSummary");
export type RecognitionSummary = z.infer<typeof RecognitionSummary>;

export const TranslationResult = z
  .object({
    from: Slug,
    to: Slug,
    asOf: IsoDate,
    status: z.enum(["provisional", "recognized"]).describe("recognized only when an arrangement grants recognition"),
    record: z
      .record(z.string(), z.unknown())
      .describe("the record in the target scheme's native format (the first of `records`)"),
    recordValid: z.boolean().describe("whether `record` satisfies the target format's declaration"),
    records: z
      .array(TargetRecord)
      .min(1)
      .describe(
        "every target record: one, or one per model where the target holds one model per record and the source " +
          "covers several",
      ),
    canonical: CanonicalRecord,
    recognition: z
      .union([RecognitionSummary, EquivalenceAnswer])
      .describe(
        "what the record's own level earns in the target scheme on asOf: a summary (default), or the full equivalence " +
          "answer with ?include=recognition",
      ),
    requirementResults: z.array(TranslatedRequirementResult),
    unmapped: z.array(UnmappedField),
    warnings: z.array(TranslationWarning),
    derivation: z.object({
      sourceDigest: z.string().describe("sha256 of the source record as received"),
      catalogDigest: z.string(),
      fieldMaps: z.array(z.string()),
      path: z.array(z.string()),
    }),
  })
  .openapi("TranslationResult");
export type TranslationResult = z.infer<typeof TranslationResult>;

/** The translator's own result: the full recognition answer, which the route summarises unless asked for it whole. */
export type Translation = Omit<TranslationResult, "recognition"> & { recognition: EquivalenceAnswer };
