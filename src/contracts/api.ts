import { z } from "@hono/zod-openapi";
import { ArrangementFile, RuleFile } from "./arrangement.ts";
import { IsoDate, Slug } from "./common.ts";
import { CrosswalkFile } from "./crosswalk.ts";
import { AssuranceMode, LevelFile, ProductCategory, RequirementFile, SchemeFile } from "./scheme.ts";

/**
 * Response bodies of the catalog API. They are the file schemas plus what compilation adds (assurance rank,
 * cumulative requirement lists, in-force flags), so a field reads the same in a data file and in an answer.
 */

export const Requirement = RequirementFile.openapi("Requirement");

export const Level = LevelFile.extend({
  assurance: LevelFile.shape.assurance.extend({
    rank: z.number().int().min(1).describe("1 self-declaration … 5 penetration test; comparable across schemes"),
  }),
  allRequirements: z.array(z.string()).describe("every requirement the level demands, including included levels'"),
}).openapi("Level");

export const Scheme = SchemeFile.omit({ $schema: true })
  .extend({ levels: z.array(Level) })
  .openapi("Scheme");

export const LevelSummary = z
  .object({
    id: Slug,
    ordinal: z.number().int(),
    name: z.string(),
    status: LevelFile.shape.status,
    assurance: z.object({ mode: AssuranceMode, rank: z.number().int() }),
  })
  .openapi("LevelSummary");

export const SchemeSummary = z
  .object({
    id: Slug,
    name: z.string(),
    kind: SchemeFile.shape.kind,
    jurisdiction: z.array(z.string()),
    owner: z.string(),
    levels: z.array(LevelSummary),
  })
  .openapi("SchemeSummary");

export const SchemeList = z
  .object({ catalogDigest: z.string(), schemes: z.array(SchemeSummary), categories: z.array(ProductCategory) })
  .openapi("SchemeList");

const SchemeRef = z.object({ id: Slug, name: z.string() });

export const LevelDetail = z
  .object({
    scheme: SchemeRef,
    level: Level,
    requirements: z
      .array(
        // From the unregistered file schema: extending the registered, strict `Requirement` would be documented as an
        // `allOf` of two closed objects, which no requirement can satisfy.
        RequirementFile.extend({ addedBy: Slug.describe("the level that introduces this requirement") }).openapi(
          "LevelRequirement",
        ),
      )
      .describe("the full, cumulative requirement list of the level"),
    sources: SchemeFile.shape.sources,
  })
  .openapi("LevelDetail");

export const RequirementDetail = z
  .object({
    scheme: SchemeRef,
    requirement: Requirement,
    levels: z.array(Slug).describe("levels that demand this requirement"),
    sources: SchemeFile.shape.sources,
  })
  .openapi("RequirementDetail");

export const Crosswalk = CrosswalkFile.omit({ $schema: true }).openapi("Crosswalk");

export const CrosswalkList = z
  .object({
    from: Slug.nullable(),
    to: Slug.nullable(),
    catalogDigest: z.string(),
    sets: z
      .array(Crosswalk)
      .describe("rows are stated in their set's own direction; read backwards, subset-of and superset-of swap"),
  })
  .openapi("CrosswalkList");

export const RuleInForce = RuleFile.extend({
  inForce: z.boolean().describe("whether the rule has legal effect on asOf"),
}).openapi("Rule");

export const ArrangementAnswer = ArrangementFile.omit({ $schema: true })
  .extend({ inForce: z.boolean(), rules: z.array(RuleInForce) })
  .openapi("Arrangement");

export const ArrangementList = z
  .object({
    scheme: Slug.nullable(),
    asOf: IsoDate,
    catalogDigest: z.string(),
    arrangements: z
      .array(ArrangementAnswer)
      .describe(
        "arrangements with a rule in force on asOf (only those rules), plus explicit no-arrangement statements",
      ),
  })
  .openapi("ArrangementList");

export const Health = z
  .object({
    status: z.literal("ok"),
    runtime: z.enum(["node", "workers", "test"]),
    catalog: z.object({ digest: z.string(), schemes: z.number().int() }),
  })
  .openapi("Health");

export const Readiness = z
  .object({
    status: z.enum(["ok", "degraded", "unavailable", "draining"]),
    components: z.array(
      z.object({
        name: z.string(),
        status: z
          .enum(["up", "degraded", "down", "disabled"])
          .describe("degraded: serving, with something an operator must see to (the detail says what)"),
        detail: z.string().optional(),
      }),
    ),
  })
  .openapi("Readiness");
