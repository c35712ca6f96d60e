import { z } from "@hono/zod-openapi";
import { Fee } from "./arrangement.ts";
import { Confidence, IsoDate } from "./common.ts";
import { Relationship } from "./crosswalk.ts";
import { AssuranceMode, ProgrammeStatusEventFile } from "./scheme.ts";

/**
 * The equivalence answer: legal recognition, content coverage and assurance kept apart, then a verdict that follows
 * from those three as returned, and the provenance of every fact it rests on.
 */

export const verdicts = [
  "recognized",
  "partially-recognized",
  "simplified-procedure",
  "analytically-equivalent",
  "not-equivalent",
] as const;
export const Verdict = z.enum(verdicts).openapi("Verdict");
export type Verdict = z.infer<typeof Verdict>;

export const CitedSource = z
  .object({
    title: z.string(),
    url: z.string(),
    locator: z.string().nullable(),
    kind: z.enum(["primary", "secondary"]),
  })
  .openapi("CitedSource");

export const LegalRule = z
  .object({
    arrangement: z.string(),
    title: z.string(),
    instrument: z.string(),
    rule: z.string(),
    effect: z.string(),
    toLevel: z.string(),
    effectiveFrom: IsoDate,
    effectiveTo: IsoDate.nullable(),
    exemptRequirements: z.array(z.string()).describe("target requirements the rule treats as met"),
    remainingRequirements: z.array(z.string()).describe("target requirements still to be met"),
    conditions: z.array(z.string()),
    fees: z.array(Fee),
    sources: z.array(CitedSource).describe("the legal basis: instrument, clause, URL"),
    confidence: Confidence,
  })
  .openapi("LegalRule");
export type LegalRule = z.infer<typeof LegalRule>;

export const Statement = z
  .object({
    arrangement: z.string(),
    title: z.string(),
    status: z.string(),
    summary: z.string(),
    sources: z.array(CitedSource),
    confidence: Confidence,
  })
  .openapi("ArrangementStatement");
export type Statement = z.infer<typeof Statement>;

export const NotAppliedRule = z
  .object({ arrangement: z.string(), rule: z.string(), reason: z.string() })
  .openapi("NotAppliedRule");

export const Match = z
  .object({
    requirement: z.string(),
    title: z.string().nullable().describe("the target requirement's English title; null where no source gives it"),
    via: z.array(z.string()).describe("source requirements the match rests on"),
    relationship: Relationship.describe("source REL target, as read or derived"),
    coverage: z.number().min(0).max(1).nullable().describe("fraction of the target met; null where unknown"),
    qualifiers: z.array(z.string()),
    derived: z.boolean().describe("true when chained through the hub rather than stated by a row"),
    path: z.array(z.string()).describe("scheme:requirement steps, for derived matches"),
    steps: z.array(Relationship).describe("the row relationships composed, for derived matches"),
    crosswalks: z.array(z.string()),
    confidence: Confidence,
  })
  .openapi("Match");
export type Match = z.infer<typeof Match>;

export const Missing = z
  .object({
    requirement: z.string(),
    title: z.string().nullable(),
    gapNote: z.string().nullable().describe("an explicit 'no counterpart' statement from a crosswalk, if any"),
  })
  .openapi("Missing");

export const CoverageLevel = z
  .object({
    level: z.string(),
    criteriaPublished: z
      .boolean()
      .describe("false for levels whose criteria are not published; never counted as covered"),
    requirements: z.number().int(),
    ratio: z.number().min(0).max(1).describe("covered requirements / applicable requirements"),
    covered: z.array(Match),
    partial: z.array(Match),
    missing: z.array(Missing).describe("requirements the mapping data speaks of that the source level does not meet"),
    noMapping: z
      .array(Missing)
      .describe("requirements no crosswalk row links to the source scheme yet: unknown, not failed"),
  })
  .openapi("CoverageLevel");
export type CoverageLevel = z.infer<typeof CoverageLevel>;

const LevelAssurance = z.object({
  level: z.string(),
  mode: AssuranceMode,
  rank: z.number().int(),
  assessor: z.string(),
});

export const Assurance = z
  .object({
    from: LevelAssurance,
    to: LevelAssurance.nullable(),
    gap: z.boolean(),
    note: z
      .object({ en: z.string(), ja: z.string() })
      .describe("the comparison in words, per language; the assessor is quoted from the data as it stands"),
  })
  .openapi("Assurance");
export type Assurance = z.infer<typeof Assurance>;

export const EquivalenceAnswer = z
  .object({
    from: z.object({ scheme: z.string(), level: z.string() }),
    to: z.object({ scheme: z.string(), level: z.string().nullable() }),
    asOf: IsoDate,
    category: z.string().nullable(),
    verdict: Verdict,
    summary: z
      .object({ en: z.string(), ja: z.string() })
      .describe(
        "the answer in a few sentences per language, built only from the fields below: the verdict and the " +
          "instrument it rests on, a warning when the source level cannot be obtained yet, and, unless recognised, " +
          "the coverage of the level compared and any assessment gap (assurance.gap) with the two assessment modes",
      ),
    legal: z.object({
      recognized: z.boolean(),
      rules: z.array(LegalRule),
      notApplied: z.array(NotAppliedRule).describe("rules in this direction that do not apply, with the reason"),
      statements: z
        .array(Statement)
        .describe("arrangement records between the two schemes that grant nothing, e.g. an explicit 'no arrangement'"),
    }),
    coverage: z.object({ bestCoveredLevel: z.string().nullable(), levels: z.array(CoverageLevel) }),
    assurance: Assurance,
    programmeStatus: z
      .array(ProgrammeStatusEventFile)
      .describe("the target programme's dated operating events (e.g. an administrator withdrawing), oldest first"),
    provenance: z.object({
      catalogDigest: z.string(),
      confidence: Confidence.describe("the weakest confidence any fact in this answer rests on"),
      mappingSets: z.array(z.string()),
      arrangements: z.array(z.string()),
      derivedPaths: z.array(z.array(z.string())),
    }),
  })
  .openapi("Equivalence");
export type EquivalenceAnswer = z.infer<typeof EquivalenceAnswer>;

export const MatrixCell = z
  .object({
    from: z.object({ scheme: z.string(), level: z.string() }),
    to: z.string(),
    verdict: Verdict,
    bestCoveredLevel: z.string().nullable(),
    assuranceGap: z.boolean(),
    rules: z.array(z.object({ arrangement: z.string(), rule: z.string(), effect: z.string(), toLevel: z.string() })),
    levels: z.array(
      z.object({
        level: z.string(),
        covered: z.number().int(),
        partial: z.number().int(),
        missing: z.number().int(),
        noMapping: z.number().int(),
        criteriaPublished: z.boolean(),
      }),
    ),
    confidence: Confidence,
  })
  .openapi("MatrixCell");

export const EquivalenceMatrix = z
  .object({
    from: z.string().describe("the home scheme whose levels are the rows"),
    schemes: z.array(z.string()).describe("the foreign schemes that are the columns"),
    asOf: IsoDate,
    category: z.string().nullable(),
    catalogDigest: z.string(),
    cells: z.array(MatrixCell),
  })
  .openapi("EquivalenceMatrix");
export type EquivalenceMatrix = z.infer<typeof EquivalenceMatrix>;
