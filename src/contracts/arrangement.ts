import { z } from "@hono/zod-openapi";
import { IsoDate, ProductScope, Provenance, RequirementRef, Slug, Source, SourceKey } from "./common.ts";

/**
 * One file in `mappings/arrangements/`: a legal instrument (regulation clause, MRA, MoU, MoC) and the directional
 * recognition rules it creates. A mutual arrangement is two rules, one per direction.
 */

export const effects = [
  "full-recognition",
  "deemed-compliance",
  "simplified-application",
  "requirement-exemption",
  "fee-reduction",
] as const;
export const Effect = z.enum(effects).openapi("Effect");

export const Fee = z.strictObject({
  amount: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  note: z.string().min(1).optional(),
});

export const Condition = z.strictObject({
  text: z.string().min(1),
  documents: z.array(z.string().min(1)).default([]),
});

export const RuleFile = z.strictObject({
  id: Slug,
  from: z.strictObject({
    scheme: Slug,
    minLevel: Slug.describe("the lowest source level the rule accepts; higher ordinals qualify too"),
    versions: z.array(z.string().min(1)).min(1).optional().describe("source versions the rule is pinned to"),
  }),
  to: z.strictObject({ scheme: Slug, level: Slug }),
  effect: Effect,
  standsFor: z
    .array(z.enum(["grant", "declaration"]))
    .optional()
    .describe(
      "what of the target's own record a valid source label stands in for, where the instrument says so (e.g. a " +
        "label that also meets the duty to issue a statement of compliance: declaration)",
    ),
  exemptRequirements: z
    .array(RequirementRef)
    .default([])
    .describe("target requirements the rule treats as met; the rest of the target level remains"),
  productScope: ProductScope.optional(),
  conditions: z.array(Condition).default([]),
  fees: z.array(Fee).default([]),
  effectiveFrom: IsoDate.optional().describe("when this rule starts, if not the arrangement's date"),
  effectiveTo: IsoDate.optional(),
  provenance: Provenance,
});
export type RuleFile = z.infer<typeof RuleFile>;

export const ArrangementFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: Slug,
    title: z.string().min(1),
    instrument: z.enum(["regulation", "MRA", "MoU", "MoC", "joint-statement", "none"]),
    status: z
      .enum(["in-force", "signed", "reported", "no-arrangement", "ended"])
      .describe("no-arrangement: an explicit statement that nothing is in place between the schemes"),
    parties: z.array(z.strictObject({ name: z.string().min(1), country: z.string().regex(/^[A-Z]{2}$/) })).min(1),
    schemes: z.array(Slug).min(1).describe("catalog schemes this arrangement touches"),
    signed: IsoDate.optional(),
    effectiveFrom: IsoDate.optional(),
    effectiveTo: IsoDate.optional(),
    summary: z.string().min(1),
    rules: z.array(RuleFile).default([]),
    sources: z.record(SourceKey, Source),
    provenance: Provenance,
  })
  .describe("A recognition arrangement and its directional rules");
export type ArrangementFile = z.infer<typeof ArrangementFile>;
