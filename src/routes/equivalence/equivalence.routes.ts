import { z } from "@hono/zod-openapi";
import { AsOfDate, Slug } from "../../contracts/common.ts";
import { EquivalenceAnswer, EquivalenceMatrix } from "../../contracts/equivalence.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";

const cacheHeaders = {
  ETag: { schema: { type: "string" as const }, description: "strong ETag from the catalog digest, query and date" },
  "X-Cache": { schema: { type: "string" as const, enum: ["hit", "miss", "bypass"] }, description: "cache outcome" },
};

const category = Slug.optional().openapi({
  description: "a product category of the shared vocabulary (GET /v1/schemes lists them)",
  example: "router",
});
const asOf = AsOfDate.optional().openapi({
  description: "the date the answer is for; default today (UTC)",
  example: "2026-06-01",
});

/** The question an equivalence answer is for (also the query of its CSV export). */
export const equivalenceQuery = z.strictObject({
  from: z
    .string()
    .regex(/^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/, "must be scheme:level, e.g. jc-star:STAR-1")
    .openapi({ example: "jc-star:STAR-1" }),
  to: z
    .string()
    .regex(/^[A-Za-z0-9-]+(?::[A-Za-z0-9-]+)?$/, "must be scheme or scheme:level, e.g. uk-psti or sg-cls:L1")
    .openapi({ example: "uk-psti" }),
  asOf,
  category,
});

export const equivalence = defineRoute({
  facts: { memo: "catalog" },
  operationId: "getEquivalence",
  method: "get",
  path: "/v1/equivalence",
  tags: ["Equivalence"],
  summary: "What a label of one scheme at one level means in another scheme",
  description:
    "Keeps three things apart: legal recognition (arrangement rules in force on asOf, in this direction, for this level " +
    "and product category, with their legal basis), content coverage and assurance (how each level is assessed). " +
    "Content coverage puts every requirement of each target level in one of five states, from crosswalk rows or " +
    "derived through the ETSI EN 303 645 hub: `covered` (met in full), `partial` (met in part), `undetermined` (the " +
    "rows relate the two but cannot decide how much, or part of the source level is not mapped yet: unknown, never " +
    "a failure), `missing` (a claim of absence, earned: the requirement and every requirement of the source level " +
    "are mapped and none relates to it, or a crosswalk says it has no counterpart) and `noMapping` (nobody has mapped " +
    "it yet). Each carries the hub provisions behind it with the source level's standing on each, the kind of work " +
    "meeting it takes, and for derived rows the path and the weakest confidence. The verdict follows from legal, " +
    "coverage and assurance. `summary` and `assurance.note` say it in English and Japanese. " +
    "Send `Cache-Control: no-cache` to bypass the cache.",
  request: { query: equivalenceQuery },
  responses: {
    200: {
      description: "The equivalence answer",
      headers: cacheHeaders,
      content: { "application/json": { schema: EquivalenceAnswer } },
    },
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406, 422),
  },
});

export const matrix = defineRoute({
  facts: { memo: "catalog" },
  operationId: "getEquivalenceMatrix",
  method: "get",
  path: "/v1/equivalence/matrix",
  tags: ["Equivalence"],
  summary: "Every JC-STAR level against every foreign scheme",
  description:
    "The home scheme's levels (rows) against every foreign scheme (columns): verdict, best covered level, assurance gap " +
    "and covered / partial / undetermined / missing / no-mapping counts per target level, with the rules that apply.",
  request: { query: z.strictObject({ asOf, category }) },
  responses: {
    200: {
      description: "The matrix",
      headers: cacheHeaders,
      content: { "application/json": { schema: EquivalenceMatrix } },
    },
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406),
  },
});
