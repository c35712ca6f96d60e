import { z } from "@hono/zod-openapi";
import { LevelDetail, RequirementDetail, Scheme, SchemeList } from "../../contracts/api.ts";
import { RequirementRef, Slug } from "../../contracts/common.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";

const tags = ["Catalog"];
const notModified = { 304: { description: "Not modified: the ETag in If-None-Match is current" } };
const etagHeader = {
  ETag: { schema: { type: "string" as const }, description: "strong ETag from the catalog digest" },
};

const SchemeParams = z.object({
  schemeId: Slug.openapi({ param: { name: "schemeId", in: "path" }, example: "jc-star" }),
});

export const list = defineRoute({
  facts: { memo: "catalog" },
  operationId: "listSchemes",
  method: "get",
  path: "/v1/schemes",
  tags,
  summary: "Every scheme with its levels",
  description:
    "Schemes, regulations and standards in the catalog, each with its ordered levels (id, ordinal, assurance mode and rank), plus the shared product-category vocabulary.",
  responses: {
    200: { description: "The schemes", headers: etagHeader, content: { "application/json": { schema: SchemeList } } },
    ...notModified,
    ...problemResponses(400, 406),
  },
});

export const get = defineRoute({
  facts: { memo: "catalog" },
  operationId: "getScheme",
  method: "get",
  path: "/v1/schemes/{schemeId}",
  tags,
  summary: "One scheme in full",
  description:
    "Versions, levels, requirements, product-category mappings, record format and sources, each fact with its provenance.",
  request: { params: SchemeParams },
  responses: {
    200: { description: "The scheme", headers: etagHeader, content: { "application/json": { schema: Scheme } } },
    ...notModified,
    ...problemResponses(400, 404, 406),
  },
});

export const level = defineRoute({
  facts: { memo: "catalog" },
  operationId: "getLevel",
  method: "get",
  path: "/v1/schemes/{schemeId}/levels/{levelId}",
  tags,
  summary: "A level with its full (cumulative) requirement list",
  description:
    "The level (ordinal, assurance mode and rank, product scope, validity) and every requirement it demands, including those of the levels it includes, each marked with the level that adds it.",
  request: {
    params: SchemeParams.extend({
      levelId: Slug.openapi({ param: { name: "levelId", in: "path" }, example: "STAR-1" }),
    }),
  },
  responses: {
    200: { description: "The level", headers: etagHeader, content: { "application/json": { schema: LevelDetail } } },
    ...notModified,
    ...problemResponses(400, 404, 406),
  },
});

export const requirement = defineRoute({
  facts: { memo: "catalog" },
  operationId: "getRequirement",
  method: "get",
  path: "/v1/schemes/{schemeId}/requirements/{requirementId}",
  tags,
  summary: "One requirement, with the levels that demand it",
  description:
    "The requirement's title and paraphrase (null where no source gives them), normativity, evidence and provenance, and the sources it cites.",
  request: {
    params: SchemeParams.extend({
      requirementId: RequirementRef.openapi({ param: { name: "requirementId", in: "path" }, example: "S1.1-02" }),
    }),
  },
  responses: {
    200: {
      description: "The requirement",
      headers: etagHeader,
      content: { "application/json": { schema: RequirementDetail } },
    },
    ...notModified,
    ...problemResponses(400, 404, 406),
  },
});
