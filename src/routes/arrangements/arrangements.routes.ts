import { z } from "@hono/zod-openapi";
import { ArrangementList } from "../../contracts/api.ts";
import { AsOfDate, Slug } from "../../contracts/common.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";

export const list = defineRoute({
  facts: { memo: "catalog" },
  operationId: "listArrangements",
  method: "get",
  path: "/v1/arrangements",
  tags: ["Catalog"],
  summary: "Recognition arrangements touching a scheme, in force on a date",
  description:
    "Arrangements (regulations, MRAs, MoUs, MoCs) with at least one directional rule in force on `asOf` — only those " +
    "rules are listed — plus the explicit statements that no arrangement exists between two schemes. A rule is in " +
    "force from its effective date through its effective-to date, inclusive. `asOf` defaults to today (UTC).",
  request: {
    query: z.strictObject({
      scheme: Slug.optional().openapi({ example: "jc-star" }),
      asOf: AsOfDate.optional().openapi({ example: "2026-01-01" }),
    }),
  },
  responses: {
    200: { description: "The arrangements", content: { "application/json": { schema: ArrangementList } } },
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406),
  },
});
