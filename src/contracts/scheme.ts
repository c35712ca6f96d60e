import { z } from "@hono/zod-openapi";
import { IsoDate, ProductScope, Provenance, RequirementRef, Slug, Source, SourceKey } from "./common.ts";

/**
 * One file in `schemes/`: a label scheme, a regulation or a standard, with its versions, ordered levels and
 * requirements. Validated at build time; the compiled form (see compiled.ts) is what the API serves.
 */

/**
 * Assurance modes, weakest first. The rank is the position in this list (1-based), so that a self-declared level
 * can be compared with a lab-tested one across schemes without anyone typing a number.
 */
export const assuranceModes = [
  "self-declaration",
  "declaration-reviewed",
  "third-party-evaluation",
  "lab-binary-analysis",
  "penetration-test",
] as const;
export const AssuranceMode = z.enum(assuranceModes).openapi("AssuranceMode");
export type AssuranceMode = z.infer<typeof AssuranceMode>;

export function assuranceRank(mode: AssuranceMode): number {
  return assuranceModes.indexOf(mode) + 1;
}

export const SchemeVersionFile = z.strictObject({
  id: z.string().min(1).max(80).describe("the document id, e.g. JST-CR-01-01-2024R1 or CCC SP-151-2 v1.4"),
  title: z.string().min(1),
  status: z.enum(["in-force", "published", "draft", "superseded", "withdrawn"]),
  effectiveFrom: IsoDate.optional(),
  effectiveTo: IsoDate.optional(),
  appliesFrom: IsoDate.optional().describe("when obligations start to apply, where later than entry into force"),
  provenance: Provenance,
});

export const LevelFile = z.strictObject({
  id: Slug,
  ordinal: z.number().int().min(0).describe("strict order inside the scheme; higher is more demanding"),
  name: z.string().min(1),
  status: z
    .enum(["available", "draft", "in-development", "closed"])
    .describe(
      "available: labels can be issued; draft / in-development: criteria not yet published as final; closed: the " +
        "owner no longer issues new labels (existing ones stand)",
    ),
  version: z.string().min(1).optional().describe("the scheme version whose criteria define this level"),
  assurance: z.strictObject({
    mode: AssuranceMode,
    assessor: z.string().min(1).describe("who assesses, in the scheme's own words"),
    provenance: Provenance,
  }),
  includes: Slug.optional().describe("the lower level whose requirements this level includes (cumulative levels)"),
  requirements: z.array(RequirementRef).default([]).describe("requirements this level adds"),
  productScope: ProductScope.optional(),
  validity: z
    .strictObject({
      maxMonths: z.number().int().positive().optional(),
      tiedToSupportPeriod: z.boolean().optional(),
      provenance: Provenance,
    })
    .optional(),
  summary: z.string().min(1).optional(),
  provenance: Provenance,
});

/** What meeting a requirement takes, for "what is still missing" lists grouped by the work to do. */
export const requirementWork = ["technical-change", "documentation", "third-party-test"] as const;
export type RequirementWork = (typeof requirementWork)[number];

export const RequirementFile = z.strictObject({
  id: RequirementRef,
  group: z.string().min(1).optional().describe("the clause or area it belongs to, e.g. 5.1 or Annex I Part II"),
  title: z.string().min(1).nullable().describe("English title; null where no source gives it (never invented)"),
  titleJa: z.string().min(1).optional(),
  summary: z.string().min(1).optional().describe("paraphrase in English; the authoritative text is the source's"),
  normativity: z.enum(["mandatory", "recommended", "conditional-mandatory", "conditional-recommended", "unknown"]),
  condition: z.string().min(1).optional().describe("when a conditional requirement applies"),
  evidence: z.array(z.enum(["document", "device-test", "declaration", "test-report", "process"])).default([]),
  work: z
    .enum(requirementWork)
    .optional()
    .describe(
      "what a manufacturer has to do to meet it where it is still missing: change the product, write or publish " +
        "something (documentation, a policy, a process), or have a third party test it — Kakehashi's reading of the " +
        "requirement's kind, grounded in the scheme's own division where it has one (NIST's product capabilities vs " +
        "developer activities, CRA Annex I Part I vs Part II); absent where not yet classified",
    ),
  version: z.string().min(1).optional().describe("the scheme version that defines it"),
  provenance: Provenance,
});

export const CategoryMappingFile = z.strictObject({
  category: Slug.describe("a term of the shared product-category vocabulary"),
  native: z.string().min(1).describe("the scheme's own class or wording"),
  provenance: Provenance,
});

export const recordFieldTypes = ["string", "text", "date", "url", "integer", "boolean", "string[]", "enum"] as const;

/**
 * Who sets a native field's value. A translation from another scheme fills `product` fields only: a grant is the
 * target's issuing body's to make and a declaration the manufacturer's to sign (unless an arrangement rule says the
 * source label stands for it).
 */
export const fieldSetters = ["grant", "declaration", "product"] as const;
export const FieldSetter = z.enum(fieldSetters).openapi("FieldSetter");
export type FieldSetter = z.infer<typeof FieldSetter>;

/** One field of a scheme's native record: what its registry or document really holds (docs/data-model.md, "Record formats"). */
export const RecordFieldFile = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
  type: z
    .enum(recordFieldTypes)
    .describe("string: one line; text: free text; date: YYYY-MM-DD; string[]: a list (e.g. model numbers)"),
  required: z.boolean(),
  values: z.array(z.string().min(1)).min(1).optional().describe("allowed values, for enum fields only"),
  pattern: z.string().min(1).optional().describe("a regular expression the value must match (string fields)"),
  setBy: FieldSetter.optional().describe(
    "grant: the issuing body (registration id, level, issuer / CLA / test lab, grant and label dates, status, expiry, " +
      "registry URL); declaration: the manufacturer, in a document it signs (statements, signatory, place and date of " +
      "issue); product: facts of the product and its maker (names, models, versions, support period, contacts). " +
      "Required: the build fails on an unclassified field.",
  ),
  description: z.string().min(1),
  provenance: Provenance,
});
export type RecordFieldFile = z.infer<typeof RecordFieldFile>;

/**
 * A dated fact about a programme's state of operation (an administrator withdrawing, an application window opening),
 * as its sources state it: answers whose target is the scheme carry these, so nobody plans on a paused programme.
 */
export const ProgrammeStatusEventFile = z
  .strictObject({
    date: IsoDate,
    until: IsoDate.optional().describe("the last day of a window or period the event opens"),
    event: z.string().min(1),
    provenance: Provenance,
  })
  .openapi("ProgrammeStatusEvent");

export const SchemeFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: Slug,
    name: z.string().min(1),
    nativeName: z.string().min(1).optional(),
    kind: z.enum(["label-scheme", "regulation", "standard"]),
    role: z
      .enum(["home", "foreign", "hub", "reference"])
      .describe(
        "home: the scheme Kakehashi translates from (JC-STAR); foreign: a regime it is compared with; hub: the " +
          "reference catalog crosswalks meet at (ETSI EN 303 645); reference: a standard cited by a scheme",
      ),
    authoritativeLanguage: z.string().regex(/^[a-z]{2}$/),
    jurisdiction: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .min(1)
      .describe("ISO 3166 codes; EU for the Union"),
    owner: z.string().min(1),
    operator: z.string().min(1).optional(),
    voluntary: z.boolean().optional(),
    summary: z.string().min(1),
    cumulativeLevels: z.boolean().default(false),
    versions: z.array(SchemeVersionFile).min(1),
    levels: z.array(LevelFile).default([]),
    requirements: z
      .array(RequirementFile)
      .default([])
      .describe("empty only where no source gives them; the scheme's provenance note then says so"),
    productCategories: z.array(CategoryMappingFile).default([]),
    recordFormat: z
      .strictObject({
        name: z.string().min(1).describe("what the native record is, e.g. IPA labelled-product list entry"),
        description: z.string().min(1),
        grantedBy: z
          .string()
          .min(1)
          .optional()
          .describe("who issues the grant fields, where it is not the scheme's operator (or owner)"),
        grantedByJa: z.string().min(1).optional().describe("the same in Japanese"),
        fields: z.array(RecordFieldFile).min(1),
        sample: z
          .record(z.string(), z.unknown())
          .describe("an illustrative record (invented values) every field map is checked against at build time"),
        provenance: Provenance,
      })
      .optional(),
    programmeStatus: z
      .array(ProgrammeStatusEventFile)
      .optional()
      .describe("dated events in the programme's operation, oldest first, as sources state them"),
    sources: z.record(SourceKey, Source),
    provenance: Provenance,
  })
  .describe("A scheme, regulation or standard in the Kakehashi catalog");
export type SchemeFile = z.infer<typeof SchemeFile>;

export const ProductCategory = z.strictObject({
  id: Slug,
  label: z.string().min(1),
  labelJa: z
    .string()
    .min(1)
    .optional()
    .describe("the same name in Japanese, for the Japanese pages; absent where no plain, correct term is known"),
  description: z.string().min(1),
  broader: Slug.optional().describe("the wider term this one narrows"),
});

export const VocabularyFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: Slug,
    title: z.string().min(1),
    description: z.string().min(1),
    categories: z.array(ProductCategory).min(1),
  })
  .describe("The shared product-category vocabulary");
export type VocabularyFile = z.infer<typeof VocabularyFile>;
