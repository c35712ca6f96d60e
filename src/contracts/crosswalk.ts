import { z } from "@hono/zod-openapi";
import { Provenance, RequirementRef, Slug, Source, SourceKey } from "./common.ts";

/**
 * One file in `mappings/crosswalks/`: requirement-to-requirement rows from one scheme to another, in the NIST IR 8477
 * set-theory vocabulary. Rows read `sources REL target`.
 */

export const relationships = ["equal", "subset-of", "superset-of", "intersects-with", "not-related"] as const;
export const Relationship = z.enum(relationships).openapi("Relationship");
export type Relationship = z.infer<typeof Relationship>;

/** The relationship read the other way round: subset and superset swap, the rest are symmetric. */
export function inverseRelationship(rel: Relationship): Relationship {
  if (rel === "subset-of") return "superset-of";
  if (rel === "superset-of") return "subset-of";
  return rel;
}

/**
 * The source side of a row. A single requirement, or a group: `all-of` means the sources together stand in the
 * relationship (ISO/IEC 29147 6.2.2 + 6.2.5 + 6.5), `any-of` that each alone does.
 */
export const SourceGroup = z.strictObject({
  mode: z.enum(["all-of", "any-of"]),
  requirements: z.array(RequirementRef).min(2),
});

export const Qualifier = z.strictObject({
  kind: z.enum(["still-requires", "condition", "incompatibility"]),
  text: z.string().min(1),
});

export const CrosswalkRowFile = z
  .strictObject({
    id: Slug,
    source: z.union([RequirementRef, SourceGroup]),
    target: RequirementRef,
    relationship: Relationship,
    rationale: z.enum(["syntactic", "semantic", "functional"]),
    strength: z.number().int().min(1).max(10).describe("1 weak … 10 identical in effect (SCF scale)"),
    coverage: z.number().min(0).max(1).describe("fraction of the target the sources cover"),
    authority: z
      .enum(["normative", "informative"])
      .describe("normative: a regulator wrote this row; informative: Kakehashi's analysis"),
    qualifiers: z.array(Qualifier).default([]),
    note: z.string().min(1).optional(),
    provenance: Provenance,
  })
  .superRefine((row, ctx) => {
    if ((row.relationship === "equal" || row.relationship === "superset-of") && row.coverage !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["coverage"],
        message: `a ${row.relationship} row covers its target fully (1)`,
      });
    }
    if (
      (row.relationship === "subset-of" || row.relationship === "intersects-with") &&
      !(row.coverage > 0 && row.coverage < 1)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["coverage"],
        message: `a ${row.relationship} row covers part of its target (between 0 and 1)`,
      });
    }
    if (row.relationship === "not-related" && row.coverage !== 0) {
      ctx.addIssue({ code: "custom", path: ["coverage"], message: "a not-related row covers nothing (0)" });
    }
  });
export type CrosswalkRowFile = z.infer<typeof CrosswalkRowFile>;

export const CrosswalkGap = z.strictObject({
  side: z.enum(["source", "target"]),
  requirement: RequirementRef,
  reason: z
    .enum(["no-counterpart", "text-unknown"])
    .default("no-counterpart")
    .describe(
      "no-counterpart: the requirement was compared and nothing on the other side relates to it; text-unknown: it " +
        "cannot be compared because its text is not known — never read as an absence",
    ),
  note: z.string().min(1),
  provenance: Provenance,
});

export const CrosswalkFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9-]+__[a-z0-9-]+$/, "must be <from-scheme>__<to-scheme>, e.g. jc-star__uk-psti"),
    title: z.string().min(1),
    from: z.strictObject({ scheme: Slug, version: z.string().min(1) }),
    to: z.strictObject({ scheme: Slug, version: z.string().min(1) }),
    method: z.enum(["human", "regulator"]).describe("who wrote the rows"),
    status: z.enum(["draft", "reviewed", "published"]),
    rows: z.array(CrosswalkRowFile).min(1),
    gaps: z.array(CrosswalkGap).default([]).describe("explicit 'no counterpart' statements"),
    sources: z.record(SourceKey, Source),
  })
  .describe("Requirement-level crosswalk rows between two schemes");
export type CrosswalkFile = z.infer<typeof CrosswalkFile>;
