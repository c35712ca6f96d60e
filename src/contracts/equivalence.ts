import { z } from "@hono/zod-openapi";
import { Fee } from "./arrangement.ts";
import { Confidence, IsoDate } from "./common.ts";
import { Relationship } from "./crosswalk.ts";
import { AssuranceMode, ProgrammeStatusEventFile, requirementWork } from "./scheme.ts";

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
  .object({
    arrangement: z.string(),
    title: z.string().describe("the arrangement's title, as for the rules that apply"),
    rule: z.string(),
    reason: z.string().describe("why the rule does not apply, in English"),
    reasonJa: z.string().describe("the same reason in Japanese (names in the catalog's Japanese)"),
  })
  .openapi("NotAppliedRule");

/**
 * Where a target requirement corresponds to provisions of the hub standard, how the source level stands on each of
 * them: the grain a regulator reads ("provides 5.3-1 and 5.3-2 of outcome 5; 5.3-6 undetermined").
 */
export const ProvisionStanding = z
  .object({
    provision: z.string().describe("the hub provision, as scheme:requirement"),
    toTarget: Relationship.describe("the hub provision REL the target requirement, as the crosswalk row states it"),
    inGroup: z.boolean().describe("true when the row relates an all-of / any-of group of provisions to the target"),
    standing: z
      .enum(["provided", "partly-provided", "not-provided", "unknown"])
      .describe(
        "provided: a requirement of the source level covers the provision (equal / superset); partly-provided: one " +
          "meets part of it (subset / intersects); not-provided: no requirement of the source level relates to it " +
          "and every one of them is mapped to the hub; unknown: no row relates them, but some requirement of the " +
          "source level is not mapped yet, so absence cannot be claimed",
      ),
    // A union, not .nullable(): a nullable named schema becomes allOf [$ref, null] in the document, refusing null.
    relationship: z
      .union([Relationship, z.null()])
      .describe("the source level REL the provision, from the best row; null if none"),
    via: z.array(z.string()).describe("source requirements the standing rests on"),
    decided: z
      .boolean()
      .describe(
        "whether the chain source → provision → target decides anything about the target; false is the " +
          "composition table's blank cell (e.g. two intersects-with rows)",
      ),
    confidence: Confidence.describe("the weakest row this standing rests on"),
  })
  .openapi("ProvisionStanding");
export type ProvisionStanding = z.infer<typeof ProvisionStanding>;

/** What meeting a target requirement takes, so that what is left can be grouped by the work to do. */
export const Work = z
  .enum(requirementWork)
  .nullable()
  .describe(
    "what meeting the target requirement takes: technical-change (the product), documentation (write, publish or run " +
      "a process), third-party-test; null where the catalog does not classify it",
  );

export const Match = z
  .object({
    requirement: z.string(),
    title: z.string().nullable().describe("the target requirement's English title; null where no source gives it"),
    work: Work,
    via: z.array(z.string()).describe("source requirements the match rests on"),
    relationship: Relationship.describe("source REL target, as read or derived"),
    coverage: z.number().min(0).max(1).nullable().describe("fraction of the target met; null where unknown"),
    qualifiers: z.array(z.string()),
    derived: z.boolean().describe("true when chained through the hub rather than stated by a row"),
    path: z.array(z.string()).describe("scheme:requirement steps, for derived matches"),
    steps: z.array(Relationship).describe("the row relationships composed, for derived matches"),
    crosswalks: z.array(z.string()),
    confidence: Confidence.describe("the weakest row the match rests on, one step weaker per hub hop"),
    provisions: z
      .array(ProvisionStanding)
      .describe("the hub provisions the target requirement corresponds to, and the source level's standing on each"),
  })
  .openapi("Match");
export type Match = z.infer<typeof Match>;

export const Missing = z
  .object({
    requirement: z.string(),
    title: z.string().nullable(),
    work: Work,
    gapNote: z.string().nullable().describe("an explicit 'no counterpart' statement from a crosswalk, if any"),
    provisions: z
      .array(ProvisionStanding)
      .describe("for a missing requirement, the hub provisions it corresponds to, none of them provided"),
  })
  .openapi("Missing");

export const undeterminedReasons = ["chain-undecided", "source-not-mapped"] as const;

export const Undetermined = z
  .object({
    requirement: z.string(),
    title: z.string().nullable(),
    work: Work,
    reason: z
      .enum(undeterminedReasons)
      .describe(
        "chain-undecided: rows relate the source level to the requirement through the hub, but composing them " +
          "cannot decide (e.g. intersects-with then intersects-with); source-not-mapped: the requirement is mapped, " +
          "but some requirements of the source level are not, so its absence cannot be claimed",
      ),
    paths: z
      .array(z.array(z.string()))
      .describe("for chain-undecided, each undecided chain as scheme:requirement steps (source, hub, target)"),
    steps: z.array(z.array(Relationship)).describe("the two row relationships of each path, in order"),
    unmappedSource: z
      .array(z.string())
      .describe("for source-not-mapped, the source level's requirements that no row maps yet"),
    provisions: z.array(ProvisionStanding),
    confidence: Confidence.describe("the weakest row the undecided chains rest on"),
  })
  .openapi("Undetermined");
export type Undetermined = z.infer<typeof Undetermined>;

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
    missing: z
      .array(Missing)
      .describe(
        "a claim of absence, earned: the requirement is mapped, every requirement of the source level is mapped, and " +
          "none of them relates to it (or a crosswalk states it has no counterpart)",
      ),
    undetermined: z
      .array(Undetermined)
      .describe("related or possibly related through the hub, but the rows cannot decide: unknown, never missing"),
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
          "the coverage of the level compared and any assessment gap (assurance.gap) with the two assessment modes. " +
          "Both languages are always present (no negotiation: a client picks `ja` or `en`); `ja` names schemes and " +
          "levels in the catalog's Japanese where it exists (a reference translation unless the Japanese is the " +
          "original, as for JC-STAR), instrument titles as officially titled",
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
        undetermined: z.number().int(),
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
