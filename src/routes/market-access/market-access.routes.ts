import { z } from "@hono/zod-openapi";
import { AsOfDate, Slug } from "../../contracts/common.ts";
import { MarketAccessAnswer } from "../../contracts/market-access-answer.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";

const cacheHeaders = {
  ETag: { schema: { type: "string" as const }, description: "strong ETag from the catalog digest, query and date" },
  "Cache-Control": { schema: { type: "string" as const }, description: "public, max-age=300" },
  "X-Cache": { schema: { type: "string" as const, enum: ["hit", "miss", "bypass"] }, description: "cache outcome" },
};

export const marketAccess = defineRoute({
  facts: { memo: "catalog" },
  operationId: "getMarketAccess",
  method: "get",
  path: "/v1/market-access",
  tags: ["Equivalence"],
  summary: "Where a product of a category can be sold on a date, and whether a label meets each market's rules",
  description:
    "Per market (ISO 3166 code, or EU): the rules in force on `asOf` that reach the product category — mandatory, " +
    "voluntary or asked by public buyers — with their legal basis, scope and exceptions, the dated rules still to " +
    "come and the changes announced without a date. With `label`, each rule says whether the label is the one " +
    "required (`held`), counts through an arrangement in force (`recognized`), earns an easier route " +
    "(`simplified-procedure`) or does not meet it (`not-met`), and the market's status is the weakest over its " +
    "mandatory rules (`nothing-required` when none applies); recognition comes from the equivalence engine. " +
    "Next steps say which label to apply for, under which procedure, with what fees and what remains, each in " +
    "English and Japanese with schemes and levels named (their ids stay in the structured fields). Send " +
    "`Cache-Control: no-cache` to bypass the cache.",
  request: {
    query: z.strictObject({
      label: z
        .string()
        .regex(/^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/, "must be scheme:level, e.g. jc-star:STAR-1")
        .optional()
        .openapi({
          description: "the label held; omit it to ask what each market requires",
          example: "jc-star:STAR-1",
        }),
      category: Slug.openapi({
        description: "a product category of the shared vocabulary (GET /v1/schemes lists them)",
        example: "router",
      }),
      asOf: AsOfDate.optional().openapi({
        description: "the date the answer is for; default today (UTC)",
        example: "2026-06-01",
      }),
      market: z
        .string()
        .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166 alpha-2 code or EU, e.g. SG, GB, EU")
        .optional()
        .openapi({ description: "one market (ISO 3166 alpha-2, or EU); default every market", example: "SG" }),
    }),
  },
  responses: {
    200: {
      description: "What each market requires, and whether the label meets it",
      headers: cacheHeaders,
      content: { "application/json": { schema: MarketAccessAnswer } },
    },
    304: { description: "Not modified", headers: { ETag: cacheHeaders.ETag } },
    ...problemResponses(400, 404, 406),
  },
});
