import { z } from "@hono/zod-openapi";
import { CrosswalkList } from "../../contracts/api.ts";
import { Slug } from "../../contracts/common.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";

export const list = defineRoute({
  facts: { memo: "catalog" },
  operationId: "listCrosswalks",
  method: "get",
  path: "/v1/crosswalks",
  tags: ["Catalog"],
  summary: "Crosswalk rows between two schemes, with provenance",
  description:
    "Requirement-level rows (NIST IR 8477 relationships) between the two schemes, in either direction. Each set keeps " +
    "its own direction; normative rows were written by a regulator, informative rows are Kakehashi's analysis. " +
    "Omit a parameter to match any scheme on that side.",
  request: {
    query: z.strictObject({
      from: Slug.optional().openapi({ example: "jc-star" }),
      to: Slug.optional().openapi({ example: "uk-psti" }),
    }),
  },
  responses: {
    200: { description: "The crosswalk sets", content: { "application/json": { schema: CrosswalkList } } },
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406),
  },
});
