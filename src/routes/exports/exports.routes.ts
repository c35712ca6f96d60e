import { z } from "@hono/zod-openapi";
import { AsOfDate, Slug } from "../../contracts/common.ts";
import { OscalCatalog, OscalMappingCollection } from "../../contracts/exports.ts";
import { crosswalkColumns, equivalenceColumns, matrixColumns, requirementColumns } from "../../exports/csv-tables.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";
import { equivalenceQuery } from "../equivalence/equivalence.routes.ts";

const exportHeaders = {
  ETag: { schema: { type: "string" as const }, description: "strong ETag from the catalog digest and the query" },
  "Content-Disposition": {
    schema: { type: "string" as const },
    description: 'attachment with a file name, e.g. attachment; filename="jc-star__uk-psti.oscal-mapping.json"',
  },
  "X-Catalog-Digest": { schema: { type: "string" as const }, description: "sha256 of the catalog exported" },
};

const csvNote =
  "RFC 4180, UTF-8 with a byte-order mark (so spreadsheets that guess encodings, Excel above all, read Japanese " +
  "cells as written; `bom=false` leaves it out for machines), CRLF line ends, a header row first. Lists inside a cell are separated by `;`, multi-part cells " +
  "(qualifiers, citations) hold one item per line. Spreadsheet-safe: a cell starting with `=`, `+`, `-`, `@`, a tab, " +
  "a carriage return or an apostrophe is written with a leading apostrophe, so no spreadsheet runs it as a formula.";

function csvResponse(description: string, columns: readonly string[]) {
  return {
    description: `${description}. Header row: ${columns.join(", ")}.`,
    headers: exportHeaders,
    content: { "text/csv": { schema: z.string().openapi({ example: `${columns.join(",")}\r\n` }) } },
  };
}

/** `?bom=false`: the CSV without its byte-order mark, for programs that would read it as part of the first cell. */
const bom = z
  .enum(["true", "false"])
  .optional()
  .openapi({
    description:
      "whether the CSV starts with the UTF-8 byte-order mark (EF BB BF); default true, so spreadsheets read it as " +
      "UTF-8. `false` for programs that do not expect one.",
    example: "false",
  });
const csvQuery = z.strictObject({ bom });

const schemeParam = z.strictObject({
  schemeId: Slug.openapi({ param: { name: "schemeId", in: "path" }, example: "jc-star" }),
});
const asOf = AsOfDate.optional().openapi({ description: "the date the answer is for; default today (UTC)" });
const category = Slug.optional().openapi({ description: "a product category of the shared vocabulary" });

export const oscalMapping = defineRoute({
  operationId: "exportOscalMapping",
  method: "get",
  path: "/v1/exports/oscal/mappings",
  tags: ["Exports"],
  summary: "OSCAL 1.2.2 Control Mapping from one scheme to another",
  description:
    "A `mapping-collection`: one mapping per crosswalk set stated between the two schemes (rows read in this " +
    "direction, inverted where the set runs the other way) and one for the rows derived through the hub standard, " +
    "each map with its relationship, qualifiers, confidence-score and coverage; declared gaps as gap summaries; a " +
    "provenance block. UUIDs are v5 from stable ids, so re-exports diff cleanly. Controls are referred to by the ids " +
    "the catalog export gives them.",
  request: {
    query: z.strictObject({
      from: Slug.openapi({ example: "jc-star" }),
      to: Slug.openapi({ example: "uk-psti" }),
    }),
  },
  responses: {
    200: {
      description: "The mapping collection",
      headers: exportHeaders,
      content: { "application/json": { schema: OscalMappingCollection } },
    },
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406, 422),
  },
});

export const oscalCatalog = defineRoute({
  operationId: "exportOscalCatalog",
  method: "get",
  path: "/v1/exports/oscal/catalogs/{schemeId}",
  tags: ["Exports"],
  summary: "One scheme as an OSCAL 1.2.2 catalog",
  description:
    "Requirements as controls (grouped by clause or area where the scheme has one): the scheme's reference as the " +
    "`label` property, the English title and statement, the Japanese title where sourced, the levels that demand it " +
    "as `level` properties (namespace urn:kakehashi:oscal); sources as back-matter resources. A requirement whose " +
    "title no source gives is titled with its reference and marked `title-status: unconfirmed`.",
  request: { params: schemeParam },
  responses: {
    200: {
      description: "The catalog",
      headers: exportHeaders,
      content: { "application/json": { schema: OscalCatalog } },
    },
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406),
  },
});

export const csvCrosswalks = defineRoute({
  operationId: "exportCrosswalksCsv",
  method: "get",
  path: "/v1/exports/csv/crosswalks",
  tags: ["Exports"],
  summary: "Crosswalk rows as CSV",
  description: `Every row of the crosswalk sets between the two schemes (either direction), as each set states it. ${csvNote}`,
  request: {
    query: z.strictObject({
      from: Slug.optional().openapi({ example: "jc-star" }),
      to: Slug.optional().openapi({ example: "uk-psti" }),
      bom,
    }),
  },
  responses: {
    200: csvResponse("The rows", crosswalkColumns),
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406),
  },
});

export const csvMatrix = defineRoute({
  operationId: "exportMatrixCsv",
  method: "get",
  path: "/v1/exports/csv/matrix",
  tags: ["Exports"],
  summary: "The equivalence matrix as CSV",
  description: `One line per home-scheme level × foreign scheme × target level. ${csvNote}`,
  request: { query: z.strictObject({ asOf, category, bom }) },
  responses: {
    200: csvResponse("The matrix", matrixColumns),
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406),
  },
});

export const csvEquivalence = defineRoute({
  operationId: "exportEquivalenceCsv",
  method: "get",
  path: "/v1/exports/csv/equivalence",
  tags: ["Exports"],
  summary: "One equivalence answer's requirement list as CSV",
  description:
    "Each target level's requirements with their state: `covered`, `partial`, `undetermined` (with the reason), " +
    "`missing` or `no-mapping`; the match or the undecided chains they rest on, with the path and the weakest " +
    "confidence; and the hub provisions behind each with the source level's standing on them. " +
    `${csvNote}`,
  request: { query: equivalenceQuery.extend({ bom }) },
  responses: {
    200: csvResponse("The requirement list", equivalenceColumns),
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406, 422),
  },
});

export const csvRequirements = defineRoute({
  operationId: "exportRequirementsCsv",
  method: "get",
  path: "/v1/exports/csv/requirements/{schemeId}",
  tags: ["Exports"],
  summary: "A scheme's requirements as CSV",
  description: `The scheme's requirements in its own order, with the levels that demand each. ${csvNote}`,
  request: { params: schemeParam, query: csvQuery },
  responses: {
    200: csvResponse("The requirements", requirementColumns),
    304: { description: "Not modified" },
    ...problemResponses(400, 404, 406),
  },
});
