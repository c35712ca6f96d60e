import type { Context } from "hono";
import { type CsvTable, toCsv } from "../../exports/csv.ts";
import { crosswalkTable, equivalenceTable, matrixTable, requirementTable } from "../../exports/csv-tables.ts";
import { oscalCatalog as buildCatalog } from "../../exports/oscal-catalog.ts";
import { oscalMapping as buildMapping } from "../../exports/oscal-mapping.ts";
import { webCryptoSha1 } from "../../exports/uuid.ts";
import { catalogAnswer } from "../../lib/catalog-etag.ts";
import { notFound, ProblemError } from "../../lib/problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import { findScheme, resolveEquivalenceQuery } from "../lookups.ts";
import type * as routes from "./exports.routes.ts";

/**
 * The export routes: thin adapters over src/exports/ (which the CLI calls too). Each answer carries the catalog
 * digest, a strong ETag (a matching If-None-Match costs no work) and a file name.
 */

export const oscalMapping: AppRouteHandler<typeof routes.oscalMapping> = async (c) => {
  const { from, to } = c.req.valid("query");
  const { catalog } = c.var.deps;
  const source = findScheme(catalog, from, "/query/from");
  const target = findScheme(catalog, to, "/query/to");
  if (from === to) {
    throw new ProblemError(422, "from and to name the same scheme; a mapping relates two schemes", {
      errors: [{ pointer: "/query/to", detail: `must be a scheme other than ${from}` }],
    });
  }
  const cached = exportHeaders(c, `${from}__${to}.oscal-mapping.json`);
  if (cached) return cached;
  const body = await buildMapping(catalog, source, target, c.var.deps.sha1 ?? webCryptoSha1);
  if (!body) throw notFound("/query/to", `no crosswalk relates ${from} to ${to}, directly or through the hub`);
  return c.json(body, 200);
};

export const oscalCatalog: AppRouteHandler<typeof routes.oscalCatalog> = async (c) => {
  const { schemeId } = c.req.valid("param");
  const scheme = findScheme(c.var.deps.catalog, schemeId);
  const cached = exportHeaders(c, `${schemeId}.oscal-catalog.json`);
  if (cached) return cached;
  return c.json(await buildCatalog(c.var.deps.catalog, scheme, c.var.deps.sha1 ?? webCryptoSha1), 200);
};

export const csvCrosswalks: AppRouteHandler<typeof routes.csvCrosswalks> = (c) => {
  const query = c.req.valid("query");
  const { from, to } = query;
  const { catalog } = c.var.deps;
  if (from) findScheme(catalog, from, "/query/from");
  if (to) findScheme(catalog, to, "/query/to");
  const cached = exportHeaders(c, `crosswalks__${from ?? "all"}__${to ?? "all"}.csv`);
  if (cached) return cached;
  const sets = [...catalog.crosswalks(from, to), ...(from && to ? catalog.crosswalks(to, from) : [])];
  return csv(c, crosswalkTable(sets), query.bom);
};

export const csvMatrix: AppRouteHandler<typeof routes.csvMatrix> = (c) => {
  const query = c.req.valid("query");
  const { catalog, clock } = c.var.deps;
  if (query.category && !catalog.category(query.category)) {
    throw notFound("/query/category", `product category "${query.category}" is not in the vocabulary`);
  }
  const asOf = query.asOf ?? clock.today();
  const cached = exportHeaders(c, `matrix__${asOf}${query.category ? `__${query.category}` : ""}.csv`, asOf);
  if (cached) return cached;
  return csv(c, matrixTable(c.var.engine.matrix(asOf, query.category)), query.bom);
};

export const csvEquivalence: AppRouteHandler<typeof routes.csvEquivalence> = (c) => {
  const query = c.req.valid("query");
  const { catalog, clock } = c.var.deps;
  const { fromScheme, fromLevel, toScheme, toLevel } = resolveEquivalenceQuery(catalog, query);
  const asOf = query.asOf ?? clock.today();
  const name = `equivalence__${query.from.replace(":", "-")}__${query.to.replace(":", "-")}__${asOf}.csv`;
  const cached = exportHeaders(c, name, asOf);
  if (cached) return cached;
  const answer = c.var.engine.answer({
    from: { scheme: fromScheme, level: fromLevel },
    to: { scheme: toScheme, level: toLevel },
    asOf,
    category: query.category,
  });
  return csv(c, equivalenceTable(answer), query.bom);
};

export const csvRequirements: AppRouteHandler<typeof routes.csvRequirements> = (c) => {
  const { schemeId } = c.req.valid("param");
  const scheme = findScheme(c.var.deps.catalog, schemeId);
  const cached = exportHeaders(c, `${schemeId}.requirements.csv`);
  if (cached) return cached;
  return csv(c, requirementTable(scheme), c.req.valid("query").bom);
};

/** Sets the export's headers; answers 304 when the client already holds this version. */
function exportHeaders(c: Context<AppEnv>, fileName: string, extra = ""): Response | undefined {
  c.header("Content-Disposition", `attachment; filename="${fileName}"`);
  c.header("X-Catalog-Digest", c.var.deps.catalog.digest);
  const answer = catalogAnswer(c, () => null, extra);
  return answer instanceof Response ? answer : undefined;
}

/** The CSV answer: with the byte-order mark unless the query says `bom=false` (the ETag varies with the query). */
function csv(c: Context<AppEnv>, table: CsvTable, bom: "true" | "false" | undefined) {
  return c.body(toCsv(table, { bom: bom !== "false" }), 200, {
    "content-type": "text/csv; charset=utf-8",
  });
}
